// Copy buttons (<button data-copy="text">): a static file, so the strict CSP (no inline script) holds.
"use strict";
document.addEventListener("click", async (event) => {
    const button = event.target.closest("button[data-copy]");
    if (!button) {
        return;
    }

    const label = button.textContent;
    try {
        await navigator.clipboard.writeText(button.dataset.copy);
        button.textContent = "Copied";
    } catch {
        // No clipboard access (an insecure origin, a denied permission): select the text to copy by hand.
        const text = button.previousElementSibling;
        if (text) {
            window.getSelection().selectAllChildren(text);
        }
        button.textContent = "Select and copy";
    }

    setTimeout(() => { button.textContent = label; }, 2000);
});
