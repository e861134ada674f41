/* sitegen default theme: the "Copy link" button of the share links. Hidden until this script runs
   in a browser that can copy, so a visitor without JavaScript never sees a button that does nothing. */
(() => {
  'use strict';
  if (!navigator.clipboard || !window.isSecureContext) return;
  document.querySelectorAll('[data-copy-link]').forEach((button) => {
    const status = button.closest('.share') && button.closest('.share').querySelector('.share-status');
    button.hidden = false;
    button.addEventListener('click', () => {
      navigator.clipboard.writeText(button.dataset.copyLink).then(
        () => { if (status) status.textContent = button.dataset.copied || 'Link copied'; },
        () => { if (status) status.textContent = button.dataset.failed || 'Could not copy the link'; },
      );
    });
  });
})();
