// The last line of `npm test`: which real-client tiers ran, and for any that could not, the command that enables it.
// Under CI=true a skipped client tier has already failed its own test file; this line is for people reading the run.
import { clientTiers } from '../test/tiers.mjs';

const skipped = clientTiers().filter((t) => t.missing);
if (!skipped.length)
  console.log(
    `client tiers: all ran (${clientTiers()
      .map((t) => t.name)
      .join(', ')})`,
  );
else for (const t of skipped) console.log(`client tier SKIPPED: ${t.name}: ${t.missing}; enable it with: ${t.enable}`);
