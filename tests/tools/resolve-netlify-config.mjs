// Resolve a site's netlify.toml with Netlify's own config parser (@netlify/config), as Netlify's
// build system does, and print the result as JSON: {config, errors}. Usage: node resolve-netlify-config.mjs SITE_DIR [CONTEXT]
import { resolveConfig } from "@netlify/config";

const [site, context = "production"] = process.argv.slice(2);
try {
  const { config } = await resolveConfig({ cwd: site, repositoryRoot: site, context, offline: true, mode: "buildbot" });
  process.stdout.write(JSON.stringify({ config, errors: [] }));
} catch (error) {
  process.stdout.write(JSON.stringify({ config: null, errors: [String(error.message || error)] }));
}
