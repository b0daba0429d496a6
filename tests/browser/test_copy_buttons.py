"""Every "copy" button on the editing guide copies its own code block (the theme's clipboard script, clicked for
real, read back from the clipboard). Ids the theme gives code blocks once repeated, so every button copied the
first block."""
import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def clipboard_page(browser, site_url, viewports):
    context = browser.new_context(base_url=site_url, **viewports["desktop"], service_workers="block",
                                  permissions=["clipboard-read", "clipboard-write"])
    yield context.new_page()
    context.close()


def test_every_copy_button_copies_its_own_block(clipboard_page):
    page = clipboard_page
    page.goto("/editing/")
    buttons = page.locator('article pre button[data-md-type="copy"]')
    buttons.first.wait_for(state="attached")   # the theme's script adds one button to each block
    # Each button's own block: the <code> in the <pre> that holds the button.
    texts = buttons.evaluate_all("bs => bs.map(b => b.closest('pre').querySelector(':scope > code').innerText)")
    blocks = page.locator("article pre:has(> code)")
    assert blocks.count() == len(texts) and len(set(texts)) >= 3, (blocks.count(), len(texts), len(set(texts)))
    ids = blocks.evaluate_all("pres => pres.map(pre => pre.id)")
    assert len(set(ids)) == len(ids), f"code blocks share ids: {ids}"

    copied = []
    for i in range(len(texts)):
        page.evaluate("() => navigator.clipboard.writeText('')")
        buttons.nth(i).click()
        copied.append(page.evaluate("() => navigator.clipboard.readText()"))
    wrong = [(i, got[:60], want[:60]) for i, (got, want) in enumerate(zip(copied, texts)) if got.strip() != want.strip()]
    assert wrong == [], f"copy buttons that copied another block (button, copied, expected): {wrong}"
