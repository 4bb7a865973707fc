// Golden file of the package's public TypeScript API (pkg/tariff.d.ts up to the generated
// loader types, whose internal ABI names change with every build). A changed API must be
// reviewed: rerun with UPDATE_GOLDEN=1 to accept it.
import { readFileSync, writeFileSync } from "node:fs";

const dts = readFileSync("pkg/tariff.d.ts", "utf8");
const cut = dts.indexOf("export type InitInput");
const api = (cut > 0 ? dts.slice(0, cut) : dts).trimEnd() + "\n";
const golden = "tests/types/tariff.d.ts.golden";
if (process.env.UPDATE_GOLDEN) {
  writeFileSync(golden, api);
  console.log(`wrote ${golden}`);
} else if (readFileSync(golden, "utf8") !== api) {
  console.error(`pkg/tariff.d.ts differs from ${golden}; review and rerun with UPDATE_GOLDEN=1`);
  process.exit(1);
} else {
  console.log("1 passed, 0 failed (types: pkg/tariff.d.ts matches the golden file)");
}
