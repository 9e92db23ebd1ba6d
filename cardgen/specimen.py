"""The script specimen: every supported script at card size, for reviewers to check by eye,
and a last page of the pictograms.

Each panel is a US business card (3.5 x 2 in) holding one language: a sentence of card text
in regular, the same in bold, and a line mixing it with Latin text, a form number and a phone
number. The samples are also the corpus the shaping tests compare against another renderer.
"""

from __future__ import annotations

from dataclasses import dataclass

from cardgen.drawing import FillRect, Side
from cardgen.sizes import INCH
from cardgen.typeset.fonts import Writing
from cardgen.typeset.layout import Box, Paragraph, fit


@dataclass(frozen=True)
class Sample:
    name: str
    writing: Writing
    text: str  # a sentence or two of card text
    mixed: str  # the same script with Latin words, a form number and a phone number


def _s(name: str, language: str, script: str, text: str, mixed: str = "", rtl: bool = False) -> Sample:
    return Sample(name, Writing(language, script, rtl), text, mixed or f"{text.split()[0]} (warrant) I-205 · 1-844-363-1423")


SAMPLES: tuple[Sample, ...] = (
    _s("English", "en", "Latn", "You have the right to remain silent. Do not sign anything without a lawyer.",
       "Call 1-844-363-1423. Form I-205 is not a warrant signed by a judge."),
    _s("Vietnamese", "vi", "Latn", "Bạn có quyền giữ im lặng. Đừng ký bất cứ giấy tờ nào khi chưa nói chuyện với luật sư.",
       "Gọi 1-844-363-1423. Mẫu I-205 không phải lệnh (warrant) có chữ ký của thẩm phán."),
    _s("Russian", "ru", "Cyrl", "Вы имеете право хранить молчание. Ничего не подписывайте без адвоката.",
       "Звоните 1-844-363-1423. Форма I-205 — это не ордер (warrant) судьи."),
    _s("Arabic", "ar", "Arab", "لديك الحق في التزام الصمت. لا توقّع على أي شيء دون محامٍ.",
       "اتصل بالرقم 1-844-363-1423. النموذج I-205 ليس أمرًا من قاضٍ (warrant).", rtl=True),
    _s("Persian", "fa", "Arab", "شما حق دارید ساکت بمانید. بدون وکیل هیچ چیزی را امضا نکنید.",
       "با شماره 1-844-363-1423 تماس بگیرید. فرم I-205 حکم قاضی نیست.", rtl=True),
    _s("Dari", "prs", "Arab", "شما حق دارید خاموش بمانید. بدون وکیل هیچ چیزی را امضا نکنید.",
       "به شماره 1-844-363-1423 زنگ بزنید. فورم I-205 حکم قاضی نیست.", rtl=True),
    _s("Pashto", "ps", "Arab", "تاسو حق لرئ چې چوپ پاتې شئ. له وکیل پرته هیڅ شی لاسلیک مه کوئ.",
       "1-844-363-1423 شمېرې ته زنګ ووهئ. فورمه I-205 د قاضي حکم نه دی.", rtl=True),
    _s("Urdu", "ur", "Aran", "آپ کو خاموش رہنے کا حق ہے۔ وکیل کے بغیر کسی چیز پر دستخط نہ کریں۔",
       "1-844-363-1423 پر کال کریں۔ فارم I-205 جج کا وارنٹ (warrant) نہیں ہے۔", rtl=True),
    _s("Hindi", "hi", "Deva", "आपको चुप रहने का अधिकार है। वकील के बिना किसी भी कागज़ पर हस्ताक्षर न करें।"),
    _s("Nepali", "ne", "Deva", "तपाईंलाई चुप लाग्ने अधिकार छ। वकिल बिना कुनै कागजमा सही नगर्नुहोस्।"),
    _s("Punjabi", "pa", "Guru", "ਤੁਹਾਨੂੰ ਚੁੱਪ ਰਹਿਣ ਦਾ ਹੱਕ ਹੈ। ਵਕੀਲ ਤੋਂ ਬਿਨਾਂ ਕਿਸੇ ਵੀ ਕਾਗਜ਼ ਉੱਤੇ ਦਸਤਖ਼ਤ ਨਾ ਕਰੋ।"),
    _s("Bengali", "bn", "Beng", "আপনার চুপ থাকার অধিকার আছে। আইনজীবী ছাড়া কোনো কাগজে সই করবেন না।"),
    _s("Gujarati", "gu", "Gujr", "તમને ચૂપ રહેવાનો અધિકાર છે. વકીલ વિના કોઈ પણ કાગળ પર સહી કરશો નહીં."),
    _s("Chinese (Simplified)", "zh-Hans", "Hans", "您有权保持沉默。没有律师在场，不要签署任何文件。",
       "请拨打1-844-363-1423。I-205表格不是法官签署的搜查令（warrant）。"),
    _s("Chinese (Traditional)", "zh-Hant", "Hant", "您有權保持沉默。沒有律師在場，不要簽署任何文件。",
       "請撥打1-844-363-1423。I-205表格不是法官簽署的搜查令（warrant）。"),
    _s("Japanese", "ja", "Jpan", "あなたには黙秘する権利があります。弁護士なしで、何にも署名しないでください。",
       "1-844-363-1423に電話してください。I-205は裁判官の令状（warrant）ではありません。"),
    _s("Korean", "ko", "Kore", "당신은 묵비권을 행사할 권리가 있습니다. 변호사 없이 어떤 서류에도 서명하지 마십시오.",
       "1-844-363-1423으로 전화하십시오. I-205 양식은 판사가 서명한 영장(warrant)이 아닙니다."),
    _s("Amharic", "am", "Ethi", "ዝም የማለት መብት አለዎት። ያለ ጠበቃ ምንም ነገር አይፈርሙ።"),
    _s("Tigrinya", "ti", "Ethi", "ስቕ ናይ ምባል መሰል ኣለኩም። ብዘይ ጠበቓ ዋላ ሓንቲ ኣይትፈርሙ።"),
    _s("Burmese", "my", "Mymr", "သင်သည် နှုတ်ဆိတ်နေပိုင်ခွင့် ရှိသည်။ ရှေ့နေမပါဘဲ မည်သည့်စာရွက်ကိုမျှ လက်မှတ်မထိုးပါနှင့်။"),
    _s("Khmer", "km", "Khmr", "អ្នកមានសិទ្ធិនៅស្ងៀម។ កុំចុះហត្ថលេខាលើអ្វីទាំងអស់ ដោយគ្មានមេធាវី។"),
    _s("Armenian", "hy", "Armn", "Դուք իրավունք ունեք լռելու։ Մի ստորագրեք որևէ բան առանց փաստաբանի։"),
)

LATIN = Writing("en", "Latn", False)
PANEL_W, PANEL_H = 3.5 * INCH, 2 * INCH
PAGE_W, PAGE_H = 8.5 * INCH, 11 * INCH
COLUMNS, ROWS = 2, 4


def _panel(sample: Sample, x: float, y: float) -> list:
    m = 9.0
    ops: list = [
        FillRect(x, y, PANEL_W, 0.6, "red"),
        FillRect(x, y + PANEL_H - 0.6, PANEL_W, 0.6, "red"),
        FillRect(x, y, 0.6, PANEL_H, "red"),
        FillRect(x + PANEL_W - 0.6, y, 0.6, PANEL_H, "red"),
    ]
    label = f"{sample.name} · {sample.writing.language} · {sample.writing.script} · {'rtl' if sample.writing.rtl else 'ltr'}"
    top = y + PANEL_H - m
    ops += fit([Paragraph(label, bold=True, color="red")], LATIN, Box(x + m, top - 9, PANEL_W - 2 * m, 9), 6.5, 6.5).ops
    inner = PANEL_H - 2 * m - 11
    heights = (0.36, 0.36, 0.28)
    cursor = top - 11
    for paragraph, share in zip(
        (Paragraph(sample.text), Paragraph(sample.text, bold=True), Paragraph(sample.mixed)), heights
    ):
        box = Box(x + m, cursor - inner * share, PANEL_W - 2 * m, inner * share)
        ops += fit([paragraph], sample.writing, box, 11, 6, valign="middle").ops
        cursor -= inner * share
    return ops


def pictogram_side() -> Side:
    """A page of the pictograms: each large, at the 6 mm it must read at, and at 6 mm in red,
    with its name and the right it stands beside."""
    from cardgen.pictograms import DESIGN_SIZE, PICTOGRAMS
    from cardgen.sizes import MM

    m = 0.75 * INCH
    ops: list = []
    ops += fit([Paragraph("Pictograms: large, at 6 mm, and at 6 mm in the accent colour", bold=True, color="red")], LATIN, Box(m, PAGE_H - m - 16, PAGE_W - 2 * m, 16), 13, 13).ops
    row_h = (PAGE_H - 2 * m - 30) / len(PICTOGRAMS.names())
    large = min(row_h - 10, 30 * MM)
    for i, pictogram in enumerate(PICTOGRAMS):
        y = PAGE_H - m - 30 - (i + 1) * row_h + 5
        ops.append(pictogram.shape(m, y, large))
        x = m + large + 0.3 * INCH
        ops.append(pictogram.shape(x, y, DESIGN_SIZE))
        ops.append(pictogram.shape(x + DESIGN_SIZE + 0.2 * INCH, y, DESIGN_SIZE, "red"))
        label = [
            Paragraph(f"{pictogram.name} · beside front.rights.{pictogram.right}", bold=True),
            Paragraph(pictogram.meaning, space_before=0.3),
        ]
        left = x + 2 * DESIGN_SIZE + 0.5 * INCH
        ops += fit(label, LATIN, Box(left, y, PAGE_W - m - left, large), 10, 7, valign="middle").ops
    return Side("pictograms", PAGE_W, PAGE_H, tuple(ops))


def specimen_sides(samples: tuple[Sample, ...] = SAMPLES) -> list[Side]:
    per_page = COLUMNS * ROWS
    gap_x = (PAGE_W - COLUMNS * PANEL_W) / (COLUMNS + 1)
    gap_y = (PAGE_H - ROWS * PANEL_H) / (ROWS + 1)
    sides = []
    for start in range(0, len(samples), per_page):
        ops: list = []
        for i, sample in enumerate(samples[start : start + per_page]):
            col, row = i % COLUMNS, i // COLUMNS
            x = gap_x + col * (PANEL_W + gap_x)
            y = PAGE_H - (row + 1) * (PANEL_H + gap_y)
            ops += _panel(sample, x, y)
        sides.append(Side(f"page-{start // per_page + 1}", PAGE_W, PAGE_H, tuple(ops)))
    sides.append(pictogram_side())
    return sides


def specimen_pdf() -> bytes:
    from cardgen.pdf import write_pdf

    return write_pdf(specimen_sides(), title="cardgen script specimen", subject="every supported script at card size")
