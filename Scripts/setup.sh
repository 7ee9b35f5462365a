#!/usr/bin/env bash
# Installs what RoomPaper and its tests need on Debian 12 (as root or with sudo):
# ICU for the build; the real clients the tests check our output with.
set -euo pipefail
SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends \
  libicu-dev icu-devtools unicode-data bzip2 libxml2-utils poppler-utils mupdf-tools pandoc git \
  libreoffice-writer-nogui chromium \
  fontconfig fonts-liberation2 fonts-noto-core fonts-noto-cjk \
  tesseract-ocr tesseract-ocr-ara tesseract-ocr-chi-sim tesseract-ocr-fra tesseract-ocr-rus tesseract-ocr-spa \
  tesseract-ocr-osd imagemagick \
  tnef libemail-outlook-message-perl libexttextcat-dev libexttextcat-data curl openssl wrk openssh-server >/dev/null
# fonts-liberation2: Liberation Serif has Times New Roman's metrics (the DOCX names Times New Roman),
# so LibreOffice breaks lines and pages as Word does; Noto Naskh Arabic and Noto Serif/Sans CJK cover
# the annex's scripts. Tesseract (with the languages of the originals), tnef and msgconvert
# (libemail-outlook-message-perl, Outlook .msg) are for intake; libexttextcat (LibreOffice's language
# guesser, linked into CICU) checks a declared language beyond its script. tesseract-ocr-osd turns
# pages scanned upside down or sideways; ImageMagick makes scans grey, straightens them and crops
# the lines of ink OCR left out (on PNG/PGM only: Debian's policy forbids it PDF and PostScript).
# curl is the HTTP client of the web desk's tests; Playwright (driving Debian's Chromium, it never
# downloads a browser) and axe-playwright-python are its browser tests.
# wrk loads the web desk in Benchmarks/desk.py.
# openssl makes the throwaway certificates of the tests of `crp serve --tls-cert` (and of package.sh --check).
# openssh-server: the sync tests start their own sshd (scratch host key, port and authorised key) as an ssh:// remote.
$SUDO fc-cache -f >/dev/null 2>&1 || true
python3 -m pip install -q --disable-pip-version-check translate-toolkit rapidfuzz python-docx playwright axe-playwright-python 2>/dev/null \
  || python3 -m pip install -q --break-system-packages translate-toolkit rapidfuzz python-docx playwright axe-playwright-python
