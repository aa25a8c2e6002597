/**
 * `npm run icons`: draws appPackage/color.png (192×192) and appPackage/outline.png (32×32) from the
 * SVG sources beside them. Run it after changing an SVG, and commit the PNGs with it.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { ICON_SIZES, IconRole, renderIcon } from './app-package/icons';

const appPackage = path.resolve(__dirname, '..', 'appPackage');

for (const role of Object.keys(ICON_SIZES) as IconRole[]) {
  const png = path.join(appPackage, `${role}.png`);
  writeFileSync(png, renderIcon(path.join(appPackage, `${role}.svg`), role));
  console.log(`Drew ${path.relative(process.cwd(), png)} (${ICON_SIZES[role]}×${ICON_SIZES[role]}).`);
}
