#!/usr/bin/env bash
# Installs what RoomPaper and its tests need on Debian 12 (as root or with sudo):
# ICU for the build; the real clients the tests check our output with.
set -euo pipefail
SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends \
  libicu-dev icu-devtools unicode-data bzip2 libxml2-utils poppler-utils pandoc git \
  libreoffice-writer-nogui chromium fonts-noto-core fonts-noto-cjk >/dev/null
# Reading scanned letters (OCR): Tesseract and the models of the official languages (English is included).
$SUDO apt-get install -y -qq --no-install-recommends tesseract-ocr tesseract-ocr-ara tesseract-ocr-chi-sim tesseract-ocr-fra tesseract-ocr-rus tesseract-ocr-spa fonts-liberation2 >/dev/null
python3 -m pip install -q --disable-pip-version-check translate-toolkit python-docx 2>/dev/null \
  || python3 -m pip install -q --break-system-packages translate-toolkit python-docx
