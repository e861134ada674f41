// Run Lighthouse on several pages with one Chromium; prints one JSON array, one entry per run.
// Usage: node lighthouse-pages.mjs '<json>' where json is
//   {"categories": ["accessibility", ...], "runs": [{"name", "url", "formFactor": "mobile"|"desktop", "skipAudits": []}]}
// Chromium: CHROME_PATH. Each entry: {name, formFactor, scores: {category: score}, failing: [audit...], error}.
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import desktopConfig from "lighthouse/core/config/desktop-config.js";

const { categories, runs } = JSON.parse(process.argv[2]);
const chrome = await chromeLauncher.launch({
  chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-dev-shm-usage"],
});
const results = [];
try {
  for (const run of runs) {
    const flags = {
      port: chrome.port,
      output: "json",
      logLevel: "error",
      onlyCategories: categories,
      skipAudits: run.skipAudits,
      // Static pages with no performance category: no need to wait for quiet networks and CPUs.
      disableFullPageScreenshot: true,
      pauseAfterFcpMs: 0,
      pauseAfterLoadMs: 0,
      networkQuietThresholdMs: 0,
      cpuQuietThresholdMs: 0,
    };
    const { lhr } = await lighthouse(run.url, flags, run.formFactor === "desktop" ? desktopConfig : undefined);
    const failing = [];
    for (const [id, category] of Object.entries(lhr.categories)) {
      for (const ref of category.auditRefs) {
        const audit = lhr.audits[ref.id];
        if (ref.weight > 0 && audit.score !== null && audit.score < 1) {
          const items = (audit.details?.items ?? []).slice(0, 5).map((item) => item.node?.selector ?? item.node?.snippet ?? item.source?.url ?? item.description ?? item.url ?? JSON.stringify(item).slice(0, 200));
          failing.push({ category: id, id: ref.id, title: audit.title, displayValue: audit.displayValue ?? "", items });
        }
      }
    }
    results.push({
      name: run.name,
      formFactor: run.formFactor,
      scores: Object.fromEntries(Object.entries(lhr.categories).map(([id, category]) => [id, category.score])),
      failing,
      error: lhr.runtimeError?.message ?? null,
      warnings: lhr.runWarnings,
    });
  }
} finally {
  await chrome.kill();
}
process.stdout.write(JSON.stringify(results));
