// Rebuild the careers site every day so postings appear and expire on time.
// Create a build hook (Site configuration > Build & deploy > Build hooks) and store its URL
// in the BUILD_HOOK_URL environment variable of the site.
export default async () => {
  const hook = process.env.BUILD_HOOK_URL;
  if (!hook) {
    console.log("BUILD_HOOK_URL is not set: no scheduled rebuild");
    return;
  }
  const response = await fetch(hook, { method: "POST" });
  console.log(`build hook answered ${response.status}`);
};

export const config = { schedule: "@daily" };
