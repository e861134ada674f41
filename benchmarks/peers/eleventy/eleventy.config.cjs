// Minimal Eleventy site for benchmarks/build_speed.py: a page per posting plus the index.
module.exports = function (eleventyConfig) {
  eleventyConfig.addFilter("isoDate", (value) => new Date(value).toISOString().slice(0, 10));
  eleventyConfig.addGlobalData("site", {
    title: "Careers at Benchmark Co",
    company: "Benchmark Co",
    companyURL: "https://bench.example",
  });
  return { dir: { input: "src", output: "out" } };
};
