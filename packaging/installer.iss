; Inno Setup script for Bidragskollen (Inno Setup 6.4 or later; Swedish.isl ships with it).
;
;   iscc /DAppVersion=0.1.0 packaging\installer.iss
;
; Without /DAppVersion the version is read from the built Bidragskollen.exe, whose version resource the
; spec fills in from models/system/version.py (the one place the version is written).
;
; installs dist\Bidragskollen (built by packaging\bidragskollen.spec) for the current user only:
; no administrator rights, into %LOCALAPPDATA%\Programs\Bidragskollen. It adds a Start menu entry,
; makes .bidrag files open in Bidragskollen with their own icon (under HKCU), and the uninstaller
; removes only what setup installed: the user's documents, settings and backups stay.
;
; The bundle holds two programs: Bidragskollen.exe (the window, no console) and bidragskollen-cli.exe
; (the command line, a console program: output in cmd/PowerShell, exit status for scripts). Both are
; installed side by side in {app}; only the window gets Start menu and desktop entries. The folder is
; not added to PATH (Inno Setup has no plain option for that): scripts call the full path, by default
; %LOCALAPPDATA%\Programs\Bidragskollen\bidragskollen-cli.exe, as the README says.

#ifndef AppVersion
  #define AppVersion GetVersionNumbersString(AddBackslash(SourcePath) + "..\dist\Bidragskollen\Bidragskollen.exe")
#endif
#define AppName "Bidragskollen"
#define AppExe "Bidragskollen.exe"
; Installed by the [Files] wildcard below with the rest of the bundle; no icon, no file association.
#define CliExe "bidragskollen-cli.exe"
#define ProgId "Bidragskollen.Redovisning"

[Setup]
; AppId identifies the program for upgrades and uninstall: never change it.
AppId={{6F1C7A52-3B0E-4C8B-9A4E-2D7B51C0E9A3}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppName}
VersionInfoVersion={#AppVersion}
; Per user, without administrator rights: {autopf} is %LOCALAPPDATA%\Programs here.
PrivilegesRequired=lowest
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
ChangesAssociations=yes
SetupIconFile=..\resources\icon.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
OutputDir=..\dist
OutputBaseFilename=Bidragskollen-{#AppVersion}-installation
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes

[Languages]
Name: "swedish"; MessagesFile: "compiler:Languages\Swedish.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole bundle: {#AppExe}, {#CliExe} and _internal\ (with the guide, _internal\docs\guide and \img).
Source: "..\dist\Bidragskollen\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "..\resources\document.ico"; DestDir: "{app}"; Flags: ignoreversion

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "Statsbidrag, kostnader och Bilaga 1"
Name: "{autoprograms}\{#AppName} – exempel"; Filename: "{app}\{#AppExe}"; Parameters: "--demo"; Comment: "Öppna ett exempel att prova på"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; The .bidrag file type, for this user only (HKA is HKCU when installing without admin rights).
; uninsdeletevalue/uninsdeletekey remove exactly these entries on uninstall.
Root: HKA; Subkey: "Software\Classes\.bidrag"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.bidrag\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "Bidragskollen-redovisning"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\document.ico,0"
Root: HKA; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".bidrag"; ValueData: ""; Flags: uninsdeletekey

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete]: the uninstaller removes the files it installed and nothing else. Documents
; (wherever the user saved them), settings and backups under %APPDATA%/%LOCALAPPDATA%\Bidragskollen
; are the user's and stay.
