#!/usr/bin/env python3
"""make-seeds.py PHOTOS OUT: writes the seed corpora of tests/fuzz into OUT
(tests/fuzz/corpus), all synthetic, never a real photo or document.

PHOTOS is a folder made by tests/gen-photos (small noise-and-card images):
    _build/tests/gen-photos PHOTOS 4 --width=40 --height=30 --rotate-every=2 \\
        --png-every=3 --hostile
The rest is made here: a JPEG with EXIF text, an RGBA PNG, TIFF files, a
WebP, decoder replies, vault.json files and recovery keys. The recovery.json
seed (review_recovery_wrap under fuzz-vault-json.c's key) and the PDF seeds
(a cairo PDF signed by review_pades_sign, and copies from tests/forge-pdf.py:
countersigned, wrapped, shadowed) were made once by small programs against
the core library and are kept as they are."""
import os
import struct
import sys
import zlib

photos, out = sys.argv[1:3]


def save(harness, name, data):
    d = os.path.join(out, harness)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def params(edge, pixels):
    """The 5 bytes in front of a decode or reply input: max_edge, max_pixels."""
    return struct.pack(">H", edge) + struct.pack(">I", pixels - 1)[1:]


# --- images ------------------------------------------------------------------
def exif_app1(make, model, when, orientation):
    base = 8  # offsets from the TIFF header
    def ascii(tag, text):
        return (tag, 2, len(text) + 1, text.encode() + b"\0")
    ifd0 = [ascii(0x010F, make), ascii(0x0110, model), (0x0112, 3, 1, struct.pack("<HH", orientation, 0)),
            (0x8769, 4, 1, None)]
    exif = [ascii(0x9003, when)]
    ifd0_size = 2 + 12 * len(ifd0) + 4
    exif_at = base + ifd0_size
    exif_size = 2 + 12 * len(exif) + 4
    data_at = exif_at + exif_size
    def build(entries, data_at):
        head, tail = struct.pack("<H", len(entries)), b""
        for tag, typ, count, value in entries:
            if value is None:
                value = struct.pack("<I", exif_at)
            if len(value) <= 4:
                head += struct.pack("<HHI", tag, typ, count) + value.ljust(4, b"\0")
            else:
                head += struct.pack("<HHII", tag, typ, count, data_at + len(tail))
                tail += value
        return head + b"\0\0\0\0", tail
    h0, t0 = build(ifd0, data_at)
    he, te = build(exif, data_at + len(t0))
    tiff = b"II*\0" + struct.pack("<I", base) + h0 + he + t0 + te
    body = b"Exif\0\0" + tiff
    return b"\xff\xe1" + struct.pack(">H", len(body) + 2) + body


def png(width, height, color_type, rows):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\0" + r for r in rows)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, color_type, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def tiff(width, height, compression=1):
    pixels = bytes((x * 40 + y * 7) & 0xFF for y in range(height) for x in range(width * 3))
    entries = [(256, 3, 1, width), (257, 3, 1, height), (258, 3, 3, None), (259, 3, 1, compression),
               (262, 3, 1, 2), (273, 4, 1, None), (277, 3, 1, 3), (278, 3, 1, height),
               (279, 4, 1, len(pixels)), (284, 3, 1, 1)]
    ifd_size = 2 + 12 * len(entries) + 4
    bps_at = 8 + ifd_size
    strip_at = bps_at + 6
    ifd = struct.pack("<H", len(entries))
    for tag, typ, count, value in entries:
        if tag == 258:
            ifd += struct.pack("<HHII", tag, typ, count, bps_at)
        elif tag == 273:
            ifd += struct.pack("<HHII", tag, typ, count, strip_at)
        elif typ == 3:
            ifd += struct.pack("<HHIHH", tag, typ, count, value, 0)
        else:
            ifd += struct.pack("<HHII", tag, typ, count, value)
    return b"II*\0" + struct.pack("<I", 8) + ifd + b"\0\0\0\0" + struct.pack("<HHH", 8, 8, 8) + pixels


WEBP_1X1 = bytes.fromhex("524946461a000000574542505650384c0d0000002f0000001007101111888888fe0700")

for name in sorted(os.listdir(photos)):
    data = open(os.path.join(photos, name), "rb").read()
    save("fuzz-decode", name, params(64, 1 << 20) + data)
jpeg = open(os.path.join(photos, "photo-00000.jpg"), "rb").read()
save("fuzz-decode", "full-size.jpg", params(0, 1 << 24) + jpeg)
save("fuzz-decode", "too-large.jpg", params(8, 100) + jpeg)
save("fuzz-decode", "exif.jpg", params(16, 1 << 20) +
     jpeg[:2] + exif_app1("Canon", "Canon EOS 5D", "2026:01:02 03:04:05", 8) + jpeg[2:])
save("fuzz-decode", "rgba.png", params(0, 1 << 20) +
     png(4, 3, 6, [bytes(v for x in range(4) for v in (x * 60, y * 80, 128, x * 80)) for y in range(3)]))
save("fuzz-decode", "grey.png", params(2, 1 << 20) + png(5, 5, 0, [bytes(range(y, y + 5)) for y in range(5)]))
save("fuzz-decode", "rgb.tiff", params(0, 1 << 20) + tiff(6, 4))
save("fuzz-decode", "scaled.tiff", params(3, 1 << 20) + tiff(9, 5))
save("fuzz-decode", "tiny.webp", params(0, 1 << 20) + WEBP_1X1)


# Damaged JPEGs (review-decode-jpeg.c): stray bytes before the scan, the scan
# cut at 80 % with and without an end marker, restart markers in a scan that
# has none.
def scan_start(data):
    i = data.index(b"\xff\xda")
    return i + 2 + struct.unpack(">H", data[i + 2:i + 4])[0]


s0 = scan_start(jpeg)
cut = s0 + (len(jpeg) - 2 - s0) * 8 // 10
middle = s0 + (len(jpeg) - s0) * 7 // 10
save("fuzz-decode", "stray-bytes.jpg", params(0, 1 << 20) + jpeg[:20] + b"\0\x12\x34" + jpeg[20:])
save("fuzz-decode", "cut-with-eoi.jpg", params(0, 1 << 20) + jpeg[:cut] + b"\xff\xd9")
save("fuzz-decode", "cut.jpg", params(16, 1 << 20) + jpeg[:cut])
save("fuzz-decode", "restart-run.jpg", params(0, 1 << 20) +
     jpeg[:middle] + b"\xff\xd3" * 8 + jpeg[middle + 16:])

# --- decoder replies ------------------------------------------------------------
MAGIC = 0x31445652


def reply(status, fmt, orientation, ow, oh, w, h, text, pixel_len=None, pixels=None):
    if pixel_len is None:
        pixel_len = w * h * 3
    if pixels is None:
        pixels = bytes(i & 0xFF for i in range(pixel_len))
    return (struct.pack("=10IQ", MAGIC, status, fmt, orientation, ow, oh, w, h, len(text), 0, pixel_len)
            + text + pixels)


save("fuzz-decoder-reply", "ok-jpeg", params(64, 1 << 20) +
     reply(0, 1, 6, 8, 6, 6, 8, "2026:01:02 03:04:05\nCanon EOS 5D".encode()))
save("fuzz-decoder-reply", "ok-png-no-text", params(0, 1 << 20) + reply(0, 2, 1, 4, 4, 4, 4, b""))
save("fuzz-decoder-reply", "ok-arabic-text", params(16, 1 << 20) +
     reply(0, 3, 1, 2, 2, 2, 2, "\n\u0643\u0627\u0645\u064a\u0631\u0627".encode()))
save("fuzz-decoder-reply", "error-corrupt", params(64, 1 << 20) +
     reply(5, 1, 1, 0, 0, 0, 0, b"Error interpreting JPEG image file", 0, b""))
save("fuzz-decoder-reply", "error-too-large", params(64, 1 << 20) + reply(4, 2, 1, 9000, 9000, 0, 0, b"", 0, b""))
save("fuzz-decoder-reply", "short-pixels", params(64, 1 << 20) +
     reply(0, 1, 1, 4, 4, 4, 4, b"\n", 48, bytes(10)))

# --- vault.json -----------------------------------------------------------------
VAULT_ID = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b"
CHECK = "62712d6b4268fe91af39d4688df583afd628dfc9ee539ce8116d64491ea0863d"
save("fuzz-vault-json", "vault.json",
     ('{\n  "format" : 1,\n  "vault_id" : "%s",\n  "key_check" : "%s"\n}' % (VAULT_ID, CHECK)).encode())
save("fuzz-vault-json", "vault-wrong-types.json",
     b'{"format": "1", "vault_id": 7, "key_check": [1, {"a": null}]}')
save("fuzz-vault-json", "vault-not-object.json", b'["format", 1, true, false, null, 1.5e300]')

# --- recovery keys ----------------------------------------------------------------
KEY = "ZB27-FH8A-V3WE-F5XR-4BCS-8E2W-Y686-AEXT-Z77T"
save("fuzz-recovery-key", "valid", KEY.encode())
save("fuzz-recovery-key", "typed", b"  zb27 fh8a v3we f5xr 4bcs 8e2w y686 aext z77t\n")
save("fuzz-recovery-key", "o-and-i", b"OIL0-1234-5678-9ABC-DEFG-HJKM-NPQR-STVW-XYZ0")
save("fuzz-recovery-key", "wrong-checksum", KEY[:-1].encode() + b"A")
save("fuzz-recovery-key", "too-long", (KEY + "-AAAA").encode())
save("fuzz-recovery-key", "bad-char", b"ZB27-FH8A-V3WE-F5XR-4BCS-8E2W-Y686-AEXT-Z77U")
