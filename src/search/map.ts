import type { GeometryCollection, Topology } from 'topojson-specification';
import { feature, mesh } from 'topojson-client';

/**
 * The map page's data (map.html, rendered in xslt/search-pages.xsl): the places of the registers that have
 * coordinates, on a basemap drawn at build time from Natural Earth's land and borders (the world-atlas
 * package: no tile, no request from the reader's browser), projected here with the Equal Earth projection
 * (Šavrič, Patterson and Jenny 2018) onto the extent of the places, as SVG path data and coordinates. The
 * stylesheet makes the SVG elements from these numbers.
 */

export interface MapPlace {
  id: string;
  label: string;
  /** Its entry page, relative to the site root. */
  page: string;
  /** Coordinates as encoded (register geo). */
  geo: string;
  /** Documents that mention it. */
  documents: number;
}

export interface MapPage {
  width: number;
  height: number;
  /** SVG path data of the land and of the borders between countries. */
  land: string;
  borders: string;
  /** Radius of a place's marker, in the units of the view box. */
  radius: number;
  /** Each place's marker, and where its label goes (labelAnchor '' when it would cover another label: the marker's title remains). */
  places: Array<{ id: string; label: string; page: string; x: number; y: number; labelX: number; labelY: number; labelAnchor: 'start' | 'end' | '';
    coordinates: string; documents: number }>;
}

/**
 * A TEI geo's latitude and longitude (decimal degrees, latitude first, TEI's default): "55.7558 37.6173",
 * "37.94171, 12.83649", or with decimal commas "48,208333 16,373056". Null when it is not such a pair.
 */
export function parseGeo(geo: string): { lat: number; lon: number } | null {
  const text = geo.trim();
  let match = /^(-?\d+(?:[.,]\d+)?)\s+(-?\d+(?:[.,]\d+)?)$/.exec(text);
  if (!match) match = /^(-?\d+(?:\.\d+)?)\s*[,;]\s*(-?\d+(?:\.\d+)?)$/.exec(text);
  if (!match) return null;
  const lat = Number(match[1].replace(',', '.'));
  const lon = Number(match[2].replace(',', '.'));
  return Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180 ? { lat, lon } : null;
}

const RADIANS = Math.PI / 180;
const [A1, A2, A3, A4] = [1.340264, -0.081106, 0.000893, 0.003796];
const M = Math.sqrt(3) / 2;

/** Equal Earth, in units of the earth's radius (y up). */
function equalEarth(lon: number, lat: number): [number, number] {
  const lambda = lon * RADIANS;
  const theta = Math.asin(M * Math.sin(lat * RADIANS));
  const t2 = theta * theta;
  const t6 = t2 * t2 * t2;
  const x = (lambda * Math.cos(theta)) / (M * (A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2)));
  const y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2));
  return [x, y];
}

export const MAP_WIDTH = 1000;

/** What mapPage draws from besides its code and its places (a map page kept in a cache keys on it). */
export function mapDataVersion(): string {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  return `world-atlas ${(require('world-atlas/package.json') as { version: string }).version}, topojson-client ${(require('topojson-client/package.json') as { version: string }).version}`;
}

type Position = number[];

/** A topology of the world-atlas package: countries-110m for a view of most of the world, else countries-50m. */
function basemap(detailed: boolean): Topology {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  return require(detailed ? 'world-atlas/countries-50m.json' : 'world-atlas/countries-110m.json') as Topology;
}

export function mapPage(places: MapPlace[]): MapPage | null {
  const located = places.flatMap((place) => {
    const position = parseGeo(place.geo);
    return position ? [{ ...place, ...position }] : [];
  });
  if (located.length === 0) return null;

  // The extent: the places with a margin, at least 24° by 14°, never beyond the inhabited world.
  let west = Math.min(...located.map((p) => p.lon));
  let east = Math.max(...located.map((p) => p.lon));
  let south = Math.min(...located.map((p) => p.lat));
  let north = Math.max(...located.map((p) => p.lat));
  const widen = (low: number, high: number, minimum: number, margin: number): [number, number] => {
    const span = Math.max(high - low, minimum);
    const middle = (low + high) / 2;
    return [middle - span / 2 - span * margin, middle + span / 2 + span * margin];
  };
  // A map about as high as two thirds of its width: neither a strip nor a tower.
  [west, east] = widen(west, east, Math.max(24, (north - south) * 1.2), 0.12);
  [south, north] = widen(south, north, Math.max(14, (east - west) * 0.5), 0.1);
  west = Math.max(west, -180);
  east = Math.min(east, 180);
  south = Math.max(south, -60);
  north = Math.min(north, 84);

  // Projected extent, sampled along its edges (Equal Earth's meridians curve).
  const edge: Array<[number, number]> = [];
  for (let i = 0; i <= 16; i++) {
    const lon = west + ((east - west) * i) / 16;
    const lat = south + ((north - south) * i) / 16;
    edge.push(equalEarth(lon, south), equalEarth(lon, north), equalEarth(west, lat), equalEarth(east, lat));
  }
  const minX = Math.min(...edge.map(([x]) => x));
  const maxX = Math.max(...edge.map(([x]) => x));
  const minY = Math.min(...edge.map(([, y]) => y));
  const maxY = Math.max(...edge.map(([, y]) => y));
  const scale = MAP_WIDTH / (maxX - minX);
  const width = MAP_WIDTH;
  const height = Math.round((maxY - minY) * scale);
  const round = (value: number): number => Math.round(value * 10) / 10;
  const project = (lon: number, lat: number): [number, number] => {
    const [x, y] = equalEarth(lon, lat);
    return [round((x - minX) * scale), round((maxY - y) * scale)];
  };

  /**
   * Path data of lines (rings or borders): points less than 0.8 units apart merged; lines off the view left out.
   * A line that crosses the antimeridian goes on past ±180° (off the view, which clips it) rather than jumping
   * across the map: a ring stays one closed shape.
   */
  const pathData = (lines: Position[][], close: boolean): string => {
    const parts: string[] = [];
    for (const line of lines) {
      const points: Array<[number, number]> = [];
      let previousLon: number | undefined;
      let shift = 0;
      for (const [rawLon, lat] of line) {
        if (previousLon !== undefined && rawLon + shift - previousLon > 180) shift -= 360;
        else if (previousLon !== undefined && rawLon + shift - previousLon < -180) shift += 360;
        const lon = rawLon + shift;
        previousLon = lon;
        const point = project(lon, lat);
        const last = points[points.length - 1];
        if (!last || Math.abs(point[0] - last[0]) + Math.abs(point[1] - last[1]) >= 0.8) points.push(point);
      }
      if (points.length < 2) continue;
      const xs = points.map(([x]) => x);
      const ys = points.map(([, y]) => y);
      if (Math.max(...xs) < 0 || Math.min(...xs) > width || Math.max(...ys) < 0 || Math.min(...ys) > height) continue;
      parts.push(`M${points.map(([x, y]) => `${x} ${y}`).join('L')}${close ? 'Z' : ''}`);
    }
    return parts.join('');
  };

  /** Labels right of their marker, else left, else none: never over another label or a marker (widths estimated at 6.2 units a character). */
  const taken: Array<[number, number, number, number]> = [];
  const free = (box: [number, number, number, number]): boolean =>
    box[0] >= 0 && box[2] <= width && taken.every((t) => box[2] < t[0] || box[0] > t[2] || box[3] < t[1] || box[1] > t[3]);
  const radius = 4;
  const label = (x: number, y: number, text: string): { labelX: number; labelY: number; labelAnchor: 'start' | 'end' | '' } => {
    const textWidth = text.length * 6.2;
    const right: [number, number, number, number] = [x + radius * 1.6, y - 7, x + radius * 1.6 + textWidth, y + 5];
    const left: [number, number, number, number] = [x - radius * 1.6 - textWidth, y - 7, x - radius * 1.6, y + 5];
    for (const [box, anchor] of [[right, 'start'], [left, 'end']] as const) {
      if (free(box)) {
        taken.push(box);
        return { labelX: round(anchor === 'start' ? box[0] : box[2]), labelY: round(y + 4), labelAnchor: anchor };
      }
    }
    return { labelX: x, labelY: y, labelAnchor: '' };
  };

  const topology = basemap(east - west < 150);
  const land = feature(topology, topology.objects.land as GeometryCollection);
  const rings: Position[][] = [];
  for (const item of 'features' in land ? land.features : [land]) {
    const geometry = item.geometry;
    if (geometry.type === 'Polygon') rings.push(...geometry.coordinates);
    else if (geometry.type === 'MultiPolygon') for (const polygon of geometry.coordinates) rings.push(...polygon);
  }
  const borders = mesh(topology, topology.objects.countries as GeometryCollection, (a, b) => a !== b);

  return {
    width,
    height,
    land: pathData(rings, true),
    borders: pathData(borders.coordinates, false),
    radius,
    // Labelled in order of importance (most documents first), never over a marker; drawn from north to south.
    places: located
      .map((place) => ({ place, at: project(place.lon, place.lat) }))
      .map((marker) => {
        taken.push([marker.at[0] - radius, marker.at[1] - radius, marker.at[0] + radius, marker.at[1] + radius]);
        return marker;
      })
      .sort((a, b) => b.place.documents - a.place.documents || a.place.label.localeCompare(b.place.label))
      .map(({ place, at: [x, y] }) => ({
        id: place.id, label: place.label, page: place.page, x, y, ...label(x, y, place.label), coordinates: `${place.lat}, ${place.lon}`, documents: place.documents,
      }))
      .sort((a, b) => a.y - b.y || a.x - b.x),
  };
}
