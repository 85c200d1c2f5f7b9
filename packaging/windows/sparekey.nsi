; Sparekey's Windows installer: for the current user only (no administrator
; password), into %LOCALAPPDATA%\Programs\Sparekey, with a Start-menu entry,
; an entry in "Installed apps" and an uninstaller. The vault, in
; %APPDATA%\Sparekey, is never touched by installing or uninstalling.
;
; scripts/release.sh builds it:
;   makensis -DVERSION=1.2.3 -DFILES=folder -DOUT=setup.exe sparekey.nsi
; where folder holds sparekey.exe, sparekey-cli.exe, sparekey.ico and
; LICENSE.txt. "setup.exe /S" installs without a question.

; A 64-bit installer for a 64-bit program (and one that wine64 runs).
Target amd64-unicode
!include "MUI2.nsh"

!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\Sparekey"

Name "Sparekey"
OutFile "${OUT}"
RequestExecutionLevel user
InstallDir "$LOCALAPPDATA\Programs\Sparekey"
InstallDirRegKey HKCU "Software\Sparekey" "InstallDir"
SetCompressor /SOLID lzma
BrandingText "Sparekey ${VERSION}"

; The installer's own file properties.
VIProductVersion "${VERSION}.0"
VIFileVersion "${VERSION}.0"
VIAddVersionKey "ProductName" "Sparekey"
VIAddVersionKey "ProductVersion" "${VERSION}"
VIAddVersionKey "FileVersion" "${VERSION}"
VIAddVersionKey "FileDescription" "Sparekey ${VERSION} installer"
VIAddVersionKey "CompanyName" "The Sparekey developers"
VIAddVersionKey "LegalCopyright" "GPL-3.0-or-later"

!define MUI_ICON "${FILES}\sparekey.ico"
!define MUI_UNICON "${FILES}\sparekey.ico"
!define MUI_WELCOMEPAGE_TEXT "This installs Sparekey ${VERSION} for you (not for other people who use this computer).$\r$\n$\r$\nSparekey keeps a spare of every two-step login key, so that losing your phone never locks you out.$\r$\n$\r$\nClick Install to go on."
!define MUI_FINISHPAGE_RUN "$INSTDIR\sparekey.exe"
!define MUI_FINISHPAGE_RUN_TEXT "Start Sparekey now"
!define MUI_UNCONFIRMPAGE_TEXT_TOP "This removes the Sparekey program. Your vault and your encrypted copies stay where they are: install Sparekey again and it opens them."

!define MUI_PAGE_CUSTOMFUNCTION_SHOW welcomeInstallButton
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "English"

; The welcome page's button says Install, since no other page follows.
Function welcomeInstallButton
	GetDlgItem $0 $HWNDPARENT 1
	SendMessage $0 ${WM_SETTEXT} 0 "STR:&Install"
FunctionEnd

Section "Sparekey"
	SetShellVarContext current
	SetOutPath "$INSTDIR"
	File "${FILES}\sparekey.exe"
	File "${FILES}\sparekey-cli.exe"
	File "${FILES}\LICENSE.txt"
	WriteUninstaller "$INSTDIR\uninstall.exe"
	CreateShortcut "$SMPROGRAMS\Sparekey.lnk" "$INSTDIR\sparekey.exe" "" "$INSTDIR\sparekey.exe" 0 SW_SHOWNORMAL "" "Keep a spare of every two-step login key"

	WriteRegStr HKCU "Software\Sparekey" "InstallDir" "$INSTDIR"
	WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "Sparekey"
	WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
	WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "The Sparekey developers"
	WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\sparekey.exe"
	WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
	WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
	WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
	WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
	WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

Section "Uninstall"
	SetShellVarContext current
	Delete "$SMPROGRAMS\Sparekey.lnk"
	Delete "$INSTDIR\sparekey.exe"
	Delete "$INSTDIR\sparekey-cli.exe"
	Delete "$INSTDIR\LICENSE.txt"
	Delete "$INSTDIR\uninstall.exe"
	RMDir "$INSTDIR"
	DeleteRegKey HKCU "${UNINSTALL_KEY}"
	DeleteRegKey HKCU "Software\Sparekey"
SectionEnd
