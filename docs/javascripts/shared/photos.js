// @ts-check
/**
 * A photo made fit to publish, in the browser, before anything is sent: location, camera and
 * every other metadata block dropped at the byte level exactly as `media clean` does
 * (site_builder/core/imagemeta.py: JPEG segments, PNG chunks, WebP chunks; the image data kept
 * byte for byte; tests/test_photos_node.py holds the two to the same bytes), then checked against
 * the PM rules' limits from the rule pack (spec.pack.media).
 *
 * One difference from the Python command: a photo whose EXIF turns it (Orientation other than 1,
 * as phones save portraits) is turned upright by the browser's own decoder and saved again as
 * JPEG (quality 0.92) or PNG, since it would lie on its side once its EXIF is gone; the command
 * re-encodes with Pillow instead. Only the byte-level path is the same to the byte.
 *
 * Pure byte functions (sniff, blocks, strip, orientation, dimensions) run in Node too; `upright`
 * needs a browser (createImageBitmap and a canvas).
 */

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** What a found block is called (imagemeta.py's names). */
export const NAMES = {
  exif: "EXIF", xmp: "XMP", iptc: "IPTC", extraImage: "附带的第二张图片", trailer: "图片后附带的数据",
  vendor: "厂商数据",
};

export class PhotoError extends Error {
  /**
   * @param {string} code a rule code (PM603 ...) the message is that rule's
   * @param {string} message Chinese, naming the file
   */
  constructor(code, message) {
    super(message);
    this.name = "PhotoError";
    this.code = code;
  }
}

/** @param {Uint8Array} d @param {number} i */
const u16be = (d, i) => (d[i] << 8) | d[i + 1];
/** @param {Uint8Array} d @param {number} i */
const u32be = (d, i) => ((d[i] << 24) >>> 0) + (d[i + 1] << 16) + (d[i + 2] << 8) + d[i + 3];
/** @param {Uint8Array} d @param {number} i */
const u32le = (d, i) => d[i] + (d[i + 1] << 8) + (d[i + 2] << 16) + ((d[i + 3] << 24) >>> 0);
/** @param {Uint8Array} d @param {number} i @param {number} n */
const ascii = (d, i, n) => String.fromCharCode(...d.subarray(i, i + n));
/**
 * @param {Uint8Array} d
 * @param {number[]|string} prefix
 * @param {number} [at]
 */
function startsWith(d, prefix, at = 0) {
  const p = typeof prefix === "string" ? Array.from(prefix, (c) => c.charCodeAt(0)) : prefix;
  if (d.length < at + p.length) return false;
  for (let i = 0; i < p.length; i++) if (d[at + i] !== p[i]) return false;
  return true;
}

/** @param {Uint8Array[]} parts */
function concat(parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

class FormatError extends Error {}

/**
 * The real format of `data` from its first bytes (media.py sniff).
 * @param {Uint8Array} d
 * @returns {"JPEG"|"PNG"|"WEBP"|"PDF"|"HEIC"|null}
 */
export function sniff(d) {
  if (startsWith(d, [0xff, 0xd8, 0xff])) return "JPEG";
  if (startsWith(d, PNG_SIGNATURE)) return "PNG";
  if (startsWith(d, "RIFF") && startsWith(d, "WEBP", 8)) return "WEBP";
  if (startsWith(d, "%PDF-")) return "PDF";
  if (startsWith(d, "ftyp", 4) && ["heic", "heix", "mif1", "msf1", "hevc"].includes(ascii(d, 8, 4))) return "HEIC";
  return null;
}

// ------------------------------------------------------------------------------------ JPEG

/**
 * [marker, start, payload start, end] of each segment after SOI; a SOS segment includes its scan
 * data. Ends with EOI.
 * @param {Uint8Array} d
 * @returns {[number, number, number, number][]}
 */
function jpegSegments(d) {
  if (!startsWith(d, [0xff, 0xd8])) throw new FormatError("no SOI");
  /** @type {[number, number, number, number][]} */
  const out = [];
  let pos = 2;
  const size = d.length;
  for (;;) {
    if (pos >= size || d[pos] !== 0xff) throw new FormatError("marker expected");
    const start = pos;
    while (pos < size && d[pos] === 0xff) pos++;
    if (pos >= size) throw new FormatError("truncated");
    const marker = d[pos];
    pos++;
    if (marker === 0xd9) {
      out.push([marker, start, pos, pos]);
      return out;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      out.push([marker, start, pos, pos]);
      continue;
    }
    if (pos + 2 > size) throw new FormatError("truncated");
    const length = u16be(d, pos);
    if (length < 2 || pos + length > size) throw new FormatError("bad segment length");
    const payload = pos + 2;
    let end = pos + length;
    if (marker === 0xda) end = scanEnd(d, end);
    out.push([marker, start, payload, end]);
    pos = end;
  }
}

/**
 * In scan data a marker is 0xFF followed by anything but a stuffed 0x00, RSTn or more fill.
 * @param {Uint8Array} d
 * @param {number} pos
 */
function scanEnd(d, pos) {
  for (let i = pos; i + 1 < d.length; i++) {
    if (d[i] !== 0xff) continue;
    const next = d[i + 1];
    if (next !== 0x00 && !(next >= 0xd0 && next <= 0xd7) && next !== 0xff) return i;
  }
  throw new FormatError("scan data not terminated");
}

/**
 * [keep, reported name] for one segment (imagemeta.py _jpeg_block).
 * @param {number} marker
 * @param {Uint8Array} payload
 * @returns {[boolean, string]}
 */
function jpegBlock(marker, payload) {
  if (marker === 0xe0 || marker === 0xee) return [true, ""];
  if (marker === 0xe2) {
    if (startsWith(payload, "ICC_PROFILE\0")) return [true, ""];
    if (startsWith(payload, "MPF\0")) return [false, NAMES.extraImage];
    return [false, NAMES.vendor];
  }
  if (marker === 0xe1) {
    if (startsWith(payload, "Exif\0")) return [false, NAMES.exif];
    if (startsWith(payload, "http://ns.adobe.com/") || startsWith(payload, "XMP\0")) return [false, NAMES.xmp];
    return [false, NAMES.vendor];
  }
  if (marker === 0xed) return [false, NAMES.iptc];
  if (marker === 0xfe || marker === 0xec) return [false, ""];
  if (marker >= 0xe0 && marker <= 0xef) return [false, NAMES.vendor];
  return [true, ""];
}

/** @param {Uint8Array} tail */
function trailerMatters(tail) {
  return tail.some((b) => ![0x00, 0x0d, 0x0a, 0x09, 0x20].includes(b));
}

/** @typedef {{name: string, payload: Uint8Array}} Block */

/** @param {Uint8Array} d @returns {Block[]} */
function jpegBlocks(d) {
  /** @type {Block[]} */
  const found = [];
  let last = 2;
  for (const [marker, , payload, end] of jpegSegments(d)) {
    last = end;
    if (marker === 0xda) continue;
    const [keep, name] = jpegBlock(marker, d.subarray(payload, end));
    if (!keep) found.push({name, payload: d.subarray(payload, end)});
  }
  if (trailerMatters(d.subarray(last))) found.push({name: NAMES.trailer, payload: d.subarray(last)});
  return found;
}

/** @param {Uint8Array} d */
function stripJpeg(d) {
  const out = [d.subarray(0, 2)];
  for (const [marker, start, payload, end] of jpegSegments(d)) {
    if (jpegBlock(marker, d.subarray(payload, end))[0]) out.push(d.subarray(start, end));
  }
  return concat(out);
}

// ------------------------------------------------------------------------------------- PNG

const PNG_KEEP = new Set(["tRNS", "gAMA", "cHRM", "sRGB", "iCCP", "sBIT", "bKGD", "pHYs", "cICP", "mDCV", "cLLI",
  "acTL", "fcTL", "fdAT"]);
const PNG_TEXT = new Set(["tEXt", "zTXt", "iTXt"]);

/**
 * [type, start, data start, data end] of each chunk; ends with IEND.
 * @param {Uint8Array} d
 * @returns {[string, number, number, number][]}
 */
function pngChunks(d) {
  if (!startsWith(d, PNG_SIGNATURE)) throw new FormatError("no PNG signature");
  /** @type {[string, number, number, number][]} */
  const out = [];
  let pos = 8;
  for (;;) {
    if (pos + 8 > d.length) throw new FormatError("truncated");
    const length = u32be(d, pos);
    const kind = ascii(d, pos + 4, 4);
    const end = pos + 12 + length;
    if (end > d.length) throw new FormatError("truncated chunk");
    out.push([kind, pos, pos + 8, pos + 8 + length]);
    if (kind === "IEND") return out;
    pos = end;
  }
}

/** @param {string} kind */
const isLower = (kind) => kind[0] >= "a" && kind[0] <= "z";
/** @param {string} kind */
const isUpper = (kind) => kind[0] >= "A" && kind[0] <= "Z";

/** @param {Uint8Array} d @returns {Block[]} */
function pngBlocks(d) {
  /** @type {Block[]} */
  const found = [];
  let last = 0;
  for (const [kind, , start, stop] of pngChunks(d)) {
    last = stop + 4;
    const payload = d.subarray(start, stop);
    let key = "";
    if (PNG_TEXT.has(kind)) {
      const zero = payload.indexOf(0);
      key = ascii(payload, 0, zero < 0 ? payload.length : zero);
    }
    if (kind === "eXIf") found.push({name: NAMES.exif, payload});
    else if (key === "XML:com.adobe.xmp") found.push({name: NAMES.xmp, payload});
    else if (key.startsWith("Raw profile type")) {
      found.push({name: key.toLowerCase().includes("exif") ? NAMES.exif : NAMES.iptc, payload: new Uint8Array()});
    } else if (isLower(kind) && !PNG_KEEP.has(kind)) found.push({name: "", payload});
  }
  if (trailerMatters(d.subarray(last))) found.push({name: NAMES.trailer, payload: d.subarray(last)});
  return found;
}

/** @param {Uint8Array} d */
function stripPng(d) {
  const out = [d.subarray(0, 8)];
  for (const [kind, start, , stop] of pngChunks(d)) {
    if (isUpper(kind) || PNG_KEEP.has(kind)) out.push(d.subarray(start, stop + 4));
  }
  return concat(out);
}

// ------------------------------------------------------------------------------------ WebP

const WEBP_KEEP = new Set(["VP8 ", "VP8L", "VP8X", "ALPH", "ANIM", "ANMF", "ICCP"]);

/**
 * [fourcc, start, data start, end incl. padding] of each chunk.
 * @param {Uint8Array} d
 * @returns {[string, number, number, number][]}
 */
function webpChunks(d) {
  if (d.length < 12 || !startsWith(d, "RIFF") || !startsWith(d, "WEBP", 8)) throw new FormatError("no RIFF WEBP header");
  const limit = Math.min(d.length, 8 + u32le(d, 4));
  /** @type {[string, number, number, number][]} */
  const out = [];
  let pos = 12;
  while (pos + 8 <= limit) {
    const kind = ascii(d, pos, 4);
    const length = u32le(d, pos + 4);
    const stop = pos + 8 + length;
    if (stop > limit) throw new FormatError("truncated chunk");
    out.push([kind, pos, pos + 8, stop + (length & 1)]);
    pos = stop + (length & 1);
  }
  return out;
}

/** @param {Uint8Array} d @returns {Block[]} */
function webpBlocks(d) {
  /** @type {Block[]} */
  const found = [];
  for (const [kind, , start, end] of webpChunks(d)) {
    if (kind === "EXIF") found.push({name: NAMES.exif, payload: d.subarray(start, end)});
    else if (kind === "XMP ") found.push({name: NAMES.xmp, payload: d.subarray(start, end)});
    else if (!WEBP_KEEP.has(kind)) found.push({name: "", payload: new Uint8Array()});
  }
  if (trailerMatters(d.subarray(8 + u32le(d, 4)))) found.push({name: NAMES.trailer, payload: new Uint8Array()});
  return found;
}

/** @param {Uint8Array} d */
function stripWebp(d) {
  /** @type {Uint8Array[]} */
  const body = [];
  for (const [kind, start, , end] of webpChunks(d)) {
    if (!WEBP_KEEP.has(kind)) continue;
    const chunk = d.slice(start, end);
    if (kind === "VP8X" && chunk.length > 8) chunk[8] &= ~(0x08 | 0x04) & 0xff;
    body.push(chunk);
  }
  const content = concat([Uint8Array.from([0x57, 0x45, 0x42, 0x50]), ...body]);
  const head = new Uint8Array(8);
  head.set([0x52, 0x49, 0x46, 0x46]);
  new DataView(head.buffer).setUint32(4, content.length, true);
  return concat([head, content]);
}

// ---------------------------------------------------------------------------------- common

const BLOCKS = {JPEG: jpegBlocks, PNG: pngBlocks, WEBP: webpBlocks};
const STRIP = {JPEG: stripJpeg, PNG: stripPng, WEBP: stripWebp};

/**
 * Every block `strip` would drop; those with a name are metadata worth naming.
 * @param {"JPEG"|"PNG"|"WEBP"} fmt
 * @param {Uint8Array} d
 */
export function blocks(fmt, d) {
  return BLOCKS[fmt](d);
}

/**
 * `d` without any metadata block, the image data untouched (imagemeta.py strip).
 * @param {"JPEG"|"PNG"|"WEBP"} fmt
 * @param {Uint8Array} d
 */
export function strip(fmt, d) {
  return STRIP[fmt](d);
}

/**
 * The EXIF orientation (1-8; 1 when none or unreadable).
 * @param {"JPEG"|"PNG"|"WEBP"} fmt
 * @param {Uint8Array} d
 */
export function orientation(fmt, d) {
  let tiff;
  try {
    const exif = blocks(fmt, d).find((b) => b.name === NAMES.exif && b.payload.length > 8);
    if (!exif) return 1;
    tiff = startsWith(exif.payload, "Exif\0") ? exif.payload.subarray(6) : exif.payload;
  } catch {
    return 1;
  }
  const little = startsWith(tiff, "II");
  if (!little && !startsWith(tiff, "MM")) return 1;
  const view = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
  try {
    const ifd = view.getUint32(4, little);
    const count = view.getUint16(ifd, little);
    for (let i = 0; i < count; i++) {
      const at = ifd + 2 + i * 12;
      if (view.getUint16(at, little) === 0x0112) {
        const value = view.getUint16(at + 8, little);
        return value >= 1 && value <= 8 ? value : 1;
      }
    }
  } catch {
    return 1;
  }
  return 1;
}

/**
 * The picture's size in pixels from its header, or null when it cannot be read.
 * @param {"JPEG"|"PNG"|"WEBP"} fmt
 * @param {Uint8Array} d
 * @returns {{width: number, height: number} | null}
 */
export function dimensions(fmt, d) {
  try {
    if (fmt === "PNG") {
      const [first] = pngChunks(d);
      return first[0] === "IHDR" ? {width: u32be(d, first[2]), height: u32be(d, first[2] + 4)} : null;
    }
    if (fmt === "JPEG") {
      for (const [marker, , payload] of jpegSegments(d)) {
        if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
          return {width: u16be(d, payload + 3), height: u16be(d, payload + 1)};
        }
      }
      return null;
    }
    for (const [kind, , start] of webpChunks(d)) {
      if (kind === "VP8X") {
        return {width: 1 + d[start + 4] + (d[start + 5] << 8) + (d[start + 6] << 16),
          height: 1 + d[start + 7] + (d[start + 8] << 8) + (d[start + 9] << 16)};
      }
      if (kind === "VP8 ") {
        return {width: (d[start + 6] | (d[start + 7] << 8)) & 0x3fff, height: (d[start + 8] | (d[start + 9] << 8)) & 0x3fff};
      }
      if (kind === "VP8L") {
        const bits = u32le(d, start + 1);
        return {width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1};
      }
    }
  } catch {
    return null;
  }
  return null;
}

/**
 * @param {any} spec the page's definitions (spec.pack.messages, spec.pack.media)
 * @param {string} key
 * @param {Record<string, string|number>} values
 */
function say(spec, key, values) {
  return spec.pack.messages[key].replace(/\{(\w+)\}/g, (/** @type {string} */ all, /** @type {string} */ k) =>
    (k in values ? String(values[k]) : all));
}

/** @param {number} n */
function sizeText(n) {
  const mb = 1024 * 1024;
  return n >= mb / 10 ? (n / mb).toFixed(1) + " MB" : Math.max(1, Math.round(n / 1024)) + " KB";
}

/**
 * @typedef {{bytes: Uint8Array, format: "JPEG"|"PNG"|"WEBP", ext: string, width: number,
 *   height: number, removed: string[], turned: boolean}} CleanPhoto
 *   removed: the named metadata that was there (EXIF, XMP ...); turned: saved again upright
 */

/**
 * `data` of the file `name` without its metadata, checked against the rule pack's limits.
 * Throws PhotoError (the rule's message, naming the file). `turn`: how a photo whose EXIF turns
 * it is saved upright (`upright` in a browser); without it (Node) every photo is only stripped.
 * @param {any} spec
 * @param {string} name
 * @param {Uint8Array} data
 * @param {(fmt: "JPEG"|"PNG"|"WEBP", d: Uint8Array) => Promise<Uint8Array>} [turn]
 * @returns {Promise<CleanPhoto>}
 */
export async function cleanPhoto(spec, name, data, turn) {
  const limits = spec.pack.media;
  const fmt = sniff(data);
  if (fmt !== "JPEG" && fmt !== "PNG" && fmt !== "WEBP") {
    const what = fmt === "HEIC" ? "实际是 HEIC 格式" : fmt === "PDF" ? "实际是 PDF 文件" : "不是能识别的图片";
    throw new PhotoError("PM606", say(spec, "PM606.form", {name, what}));
  }
  let out;
  let removed;
  let turned = false;
  try {
    removed = [...new Set(blocks(fmt, data).map((b) => b.name).filter(Boolean))];
    if (orientation(fmt, data) !== 1 && turn) {
      out = strip(fmt, await turn(fmt, data));
      turned = true;
    } else {
      out = strip(fmt, data);
    }
  } catch (err) {
    if (err instanceof PhotoError) throw err;
    throw new PhotoError("PM607", say(spec, "PM607.form", {name}));
  }
  const outFmt = /** @type {"JPEG"|"PNG"|"WEBP"} */ (sniff(out));
  const size = dimensions(outFmt, out);
  if (!size) throw new PhotoError("PM607", say(spec, "PM607.form", {name}));
  const ext = outFmt === "PNG" ? "png" : outFmt === "WEBP" ? "webp" : "jpg";
  if (out.length > limits.max_image_bytes) {
    throw new PhotoError("PM603", say(spec, "PM603", {kind: "图片", name, size: sizeText(out.length),
      limit: Math.floor(limits.max_image_bytes / (1024 * 1024)), hint: spec.pack.messages["PM603.smaller"]}));
  }
  if (Math.max(size.width, size.height) > limits.max_image_side) {
    throw new PhotoError("PM604", say(spec, "PM604", {name, dims: size.width + " × " + size.height + " 像素",
      side: limits.max_image_side}));
  }
  return {bytes: out, format: outFmt, ext, width: size.width, height: size.height, removed, turned};
}

/**
 * A photo turned upright by the browser's decoder (which applies its EXIF orientation), saved
 * again: PNG stays PNG, anything else becomes JPEG at quality 0.92. Browser only.
 * @param {"JPEG"|"PNG"|"WEBP"} fmt
 * @param {Uint8Array} d
 * @returns {Promise<Uint8Array>}
 */
export async function upright(fmt, d) {
  const type = fmt === "PNG" ? "image/png" : fmt === "WEBP" ? "image/webp" : "image/jpeg";
  const bitmap = await createImageBitmap(new Blob([d], {type}), {imageOrientation: "from-image"});
  const canvas = document.createElement("canvas");
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  const ctx = canvas.getContext("2d");
  if (!ctx) throw new Error("no canvas");
  ctx.drawImage(bitmap, 0, 0);
  bitmap.close();
  const outType = fmt === "PNG" ? "image/png" : "image/jpeg";
  const blob = await new Promise((resolve) => canvas.toBlob(resolve, outType, 0.92));
  if (!blob) throw new Error("not encoded");
  return new Uint8Array(await /** @type {Blob} */ (blob).arrayBuffer());
}
