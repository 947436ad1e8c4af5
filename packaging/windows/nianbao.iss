; Inno Setup 6 script for 年报助手 — per-user install, no administrator rights.
; Build (see docs/packaging.md): python packaging\build.py, then
;   "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" /DAppVersion=0.1.0 packaging\windows\nianbao.iss
; Output: dist\年报助手-<version>-安装程序.exe

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "年报助手"
#define AppExe "nianbao.exe"
#define SrcDir "..\..\dist\nianbao"

; Simplified Chinese wizard texts: newer Inno Setup releases ship ChineseSimplified.isl with
; the official languages, older ones keep it under Languages\Unofficial.
#if FileExists(AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl")
  #define ChineseIsl "compiler:Languages\ChineseSimplified.isl"
#elif FileExists(AddBackslash(CompilerPath) + "Languages\Unofficial\ChineseSimplified.isl")
  #define ChineseIsl "compiler:Languages\Unofficial\ChineseSimplified.isl"
#else
  #error "找不到 ChineseSimplified.isl：请按 docs/packaging.md 将其放入 Inno Setup 的 Languages 文件夹。"
#endif

[Setup]
AppId={{6F2C7E0A-3D4B-4C1E-9B7A-2E5D8F1A9C30}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=年报助手开发组
DefaultDirName={localappdata}\Programs\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\dist
OutputBaseFilename={#AppName}-{#AppVersion}-安装程序
SetupIconFile=..\icon.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ChangesAssociations=yes
ShowLanguageDialog=no

[Languages]
Name: "chs"; MessagesFile: "{#ChineseIsl}"

[Tasks]
Name: "desktopicon"; Description: "在桌面创建快捷方式"; GroupDescription: "附加快捷方式："; Flags: unchecked

[Files]
Source: "{#SrcDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{group}\卸载{#AppName}"; Filename: "{uninstallexe}"
Name: "{userdesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; Per-user association of .nianbao drafts (HKCU\Software\Classes needs no administrator rights).
Root: HKCU; Subkey: "Software\Classes\.nianbao"; ValueType: string; ValueName: ""; ValueData: "Nianbao.Draft"; Flags: uninsdeletevalue
Root: HKCU; Subkey: "Software\Classes\Nianbao.Draft"; ValueType: string; ValueName: ""; ValueData: "年报助手草稿"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\Nianbao.Draft\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"
Root: HKCU; Subkey: "Software\Classes\Nianbao.Draft\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""

[Run]
Filename: "{app}\{#AppExe}"; Description: "立即运行{#AppName}"; Flags: nowait postinstall skipifsilent
