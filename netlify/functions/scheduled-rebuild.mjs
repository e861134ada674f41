// Rebuild the careers site every day so postings appear and expire on time.
// Create a build hook (Site configuration > Build & deploy > Build hooks) and store its URL
// in the BUILD_HOOK_URL environment variable of the site.
const TIME_ZONE = "America/Detroit"; // sitegen-timezone: America/Detroit

// Netlify counts schedules in UTC: run hourly, rebuild in the first hour of the site's local day.
const localHour = (now) =>
  Number(new Intl.DateTimeFormat("en-GB", { timeZone: TIME_ZONE, hour: "2-digit", hourCycle: "h23" }).format(now));

export default async () => {
  if (localHour(new Date()) !== 0) {
    return;
  }
  const hook = process.env.BUILD_HOOK_URL;
  if (!hook) {
    console.log("BUILD_HOOK_URL is not set: no scheduled rebuild");
    return;
  }
  const response = await fetch(hook, { method: "POST" });
  console.log(`build hook answered ${response.status}`);
};

export const config = { schedule: "7 * * * *" };
