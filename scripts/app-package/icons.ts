/**
 * The app's two icons: drawn as SVG beside the manifest, rendered to PNG by `npm run icons`
 * (resvg), and checked by the package build the way Teams needs them: the colour icon 192×192, the
 * outline icon 32×32 and white on a transparent background.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { PNG } from 'pngjs';

export type IconRole = 'color' | 'outline';

export const ICON_SIZES: Record<IconRole, number> = { color: 192, outline: 32 };

/** A PNG drawn at its role's size from an SVG of the same name beside it. */
export function renderIcon(svgFile: string, role: IconRole): Buffer {
  const svg = readFileSync(svgFile);
  const resvg = new Resvg(svg, { fitTo: { mode: 'width', value: ICON_SIZES[role] }, font: { loadSystemFonts: false } });
  return resvg.render().asPng();
}

export interface Pixels {
  width: number;
  height: number;
  /** RGBA, four bytes a pixel, row by row. */
  data: Buffer;
}

export function readPng(bytes: Buffer): Pixels {
  const { width, height, data } = PNG.sync.read(bytes);
  return { width, height, data };
}

/**
 * What is wrong with the icon a manifest names for a role, each problem a sentence naming the file;
 * [] when Teams will take it. `shown` is how the file is named in the sentence.
 */
export function checkIcon(file: string, role: IconRole, shown: string): string[] {
  if (!existsSync(file)) return [`${shown} is missing: run npm run icons to draw it from ${svgBeside(shown)}`];
  let pixels: Pixels;
  try {
    pixels = readPng(readFileSync(file));
  } catch {
    return [`${shown} is not a PNG image: run npm run icons to draw it from ${svgBeside(shown)}`];
  }
  const size = ICON_SIZES[role];
  if (pixels.width !== size || pixels.height !== size) {
    return [
      `${shown} is ${pixels.width}×${pixels.height} pixels; Teams needs the ${role} icon ${size}×${size}: ` +
        `run npm run icons to draw it from ${svgBeside(shown)}`,
    ];
  }
  return role === 'outline' ? outlineProblems(pixels, shown) : [];
}

/** An outline icon is white where it is drawn and fully transparent elsewhere. */
function outlineProblems({ data }: Pixels, shown: string): string[] {
  let transparent = 0;
  let coloured = 0;
  for (let i = 0; i < data.length; i += 4) {
    const alpha = data[i + 3];
    if (alpha === 0) transparent++;
    else if (data[i] !== 255 || data[i + 1] !== 255 || data[i + 2] !== 255) coloured++;
  }
  const problems: string[] = [];
  if (transparent === 0)
    problems.push(`${shown} has no transparent background; Teams needs the outline icon white on transparent`);
  if (coloured > 0) {
    problems.push(
      `${shown} has ${coloured} pixels that are not white; Teams needs the outline icon white on transparent`,
    );
  }
  return problems;
}

const svgBeside = (png: string) => `${path.posix.join(path.posix.dirname(png), path.posix.basename(png, '.png'))}.svg`;
