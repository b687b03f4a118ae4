"""The desktop window (PySide6). Thin views over the Qt-free domain in models/."""
