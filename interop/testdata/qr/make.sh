#!/bin/sh
# Turns the sharp pictures that TestWriteQRFixtures writes (single.png,
# three.png) into phone-photo-like JPEGs with ImageMagick: turned, slightly
# in perspective (less for the dense codes), smaller, blurred, noisy, unevenly lit, compressed.
# Run from this folder: sh make.sh
set -e
IM=convert
[ -x /usr/bin/convert ] && IM=/usr/bin/convert
photo() {
	"$IM" "$1" -colorspace Gray -background 'gray(92%)' -rotate "$2" \
		-distort Perspective "0,0 $5,$5  %[fx:w],0 %[fx:w-$5/2],0  0,%[fx:h] 0,%[fx:h]  %[fx:w],%[fx:h] %[fx:w-$5],%[fx:h-$5]" \
		-resize "$3" -blur 0x1.2 \
		\( +clone -sparse-color Barycentric '0,0 white %[fx:w],%[fx:h] gray(70%)' \) -compose Multiply -composite \
		-attenuate 0.6 +noise Gaussian -quality 72 "$4"
}
photo single.png 12 45% photo-single.jpg 40
photo three.png -6 85% photo-three.jpg 16
