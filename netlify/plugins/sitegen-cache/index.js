// Keep sitegen's build cache between Netlify builds, with Netlify's own build cache utilities:
// restored before the build command runs, saved after it succeeds. sitegen checks every cached
// entry against the content it was made from, so a cache from an older deploy is safe to use.
const CACHE = ".sitegen-cache";

module.exports = {
  async onPreBuild({ utils }) {
    const restored = await utils.cache.restore(CACHE);
    console.log(restored ? `restored ${CACHE} from the previous deploy` : `no ${CACHE} to restore: a cold build`);
  },
  async onPostBuild({ utils }) {
    const saved = await utils.cache.save(CACHE);
    console.log(saved ? `saved ${CACHE} for the next deploy` : `${CACHE} was not saved`);
  },
};
