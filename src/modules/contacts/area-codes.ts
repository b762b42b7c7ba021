/**
 * NANP (+1) area code → region and IANA time zone, used to respect the recipient's quiet hours.
 *
 * DESIGN: a compact hand-kept table (libphonenumber-geo-carrier is too slow and memory-hungry).
 * Each line is [region, zone, 'space-separated area codes']; the lookup Map is built once at module
 * load and the build throws if a code appears twice, is malformed, or is non-geographic, so the
 * table cannot contradict itself. Regions are ISO 3166-2 ('US-FL', 'CA-ON') for the US and Canada
 * and ISO 3166-1 alpha-2 ('PR', 'JM') for territories and other NANP countries.
 * Codes whose area straddles a time-zone boundary live in SPLIT_CODES, each with the population-
 * majority zone and a comment; unknown, unassigned and non-geographic codes yield null.
 */

export interface AreaInfo { region: string; zone: string }

/** [region, IANA zone, area codes separated by spaces]. */
export type AreaLine = readonly [region: string, zone: string, codes: string];

const ET = 'America/New_York';
const CT = 'America/Chicago';
const MT = 'America/Denver';
const PT = 'America/Los_Angeles';

/** Codes whose whole area (give or take a hamlet) keeps one zone. */
const REGION_LINES: readonly AreaLine[] = [
  // ── United States ──
  ['US-AL', CT, '205 251 256 334 659 938'],
  ['US-AR', CT, '327 479 501 870'],
  ['US-AZ', 'America/Phoenix', '480 520 602 623'],
  ['US-CA', PT, '209 213 279 310 323 341 350 357 369 408 415 424 442 510 530 559 562 619 626 628 650 657 661 669 707 714 738 747 760 805 818 820 831 840 858 909 916 925 949 951'],
  ['US-CO', MT, '303 719 720 970 983'],
  ['US-CT', ET, '203 475 860 959'],
  ['US-DC', ET, '202 771'],
  ['US-DE', ET, '302'],
  ['US-FL', ET, '239 305 321 324 352 386 407 561 645 656 689 727 728 754 772 786 813 863 904 941 954'],
  ['US-GA', ET, '229 404 470 478 678 706 762 770 912 943'],
  ['US-HI', 'Pacific/Honolulu', '808'],
  ['US-IA', CT, '319 515 563 641 712'],
  ['US-IL', CT, '217 224 309 312 331 447 464 618 630 708 730 773 779 815 847 861 872'],
  ['US-IN', 'America/Indiana/Indianapolis', '260 317 463 765'],
  ['US-KY', ET, '502 859'],
  ['US-LA', CT, '225 318 337 457 504 985'],
  ['US-MA', ET, '339 351 413 508 617 774 781 857 978'],
  ['US-MD', ET, '227 240 301 410 443 667'],
  ['US-ME', ET, '207'],
  ['US-MI', 'America/Detroit', '231 248 269 313 517 586 616 679 734 810 947 989'],
  ['US-MN', CT, '218 320 507 612 651 763 924 952'],
  ['US-MO', CT, '235 314 417 557 573 636 660 816 975'],
  ['US-MS', CT, '228 601 662 769'],
  ['US-MT', MT, '406'],
  ['US-NC', ET, '252 336 472 704 743 828 910 919 980 984'],
  ['US-NE', CT, '402 531'],
  ['US-NH', ET, '603'],
  ['US-NJ', ET, '201 551 609 640 732 848 856 862 908 973'],
  ['US-NM', MT, '505 575'],
  ['US-NV', PT, '702 725'],
  ['US-NY', ET, '212 315 329 332 347 363 516 518 585 607 624 631 646 680 716 718 838 845 914 917 929 934'],
  ['US-OH', ET, '216 220 234 283 326 330 380 419 436 440 513 567 614 740 937'],
  ['US-OK', CT, '405 539 572 580 918'],
  ['US-OR', PT, '503 971'],
  ['US-PA', ET, '215 223 267 272 412 445 484 570 582 610 717 724 814 835 878'],
  ['US-RI', ET, '401'],
  ['US-SC', ET, '803 821 839 843 854 864'],
  ['US-TN', CT, '615 629 731 901 931'],
  ['US-TN', ET, '865'],
  ['US-TX', CT, '210 214 254 281 325 346 361 409 430 469 512 682 713 726 737 806 817 830 832 903 936 940 945 956 972 979'],
  ['US-UT', MT, '385 435 801'],
  ['US-VA', ET, '276 434 540 571 686 703 757 804 826 948'],
  ['US-VT', ET, '802'],
  ['US-WA', PT, '206 253 360 425 509 564'],
  ['US-WI', CT, '262 274 353 414 534 608 715 920'],
  ['US-WV', ET, '304 681'],
  ['US-WY', MT, '307'],
  // ── US territories ──
  ['AS', 'Pacific/Pago_Pago', '684'],
  ['GU', 'Pacific/Guam', '671'],
  ['MP', 'Pacific/Saipan', '670'],
  ['PR', 'America/Puerto_Rico', '787 939'],
  ['VI', 'America/St_Thomas', '340'],
  // ── Canada ──
  ['CA-AB', 'America/Edmonton', '368 403 587 780 825'],
  ['CA-BC', 'America/Vancouver', '604'],
  ['CA-MB', 'America/Winnipeg', '204 431 584'],
  ['CA-NB', 'America/Moncton', '428 506'],
  ['CA-NS', 'America/Halifax', '782 902'], // shared with Prince Edward Island (same zone); NS is the larger
  ['CA-ON', 'America/Toronto', '226 249 289 343 365 382 416 437 519 548 613 647 683 705 742 753 905 942'],
  ['CA-QC', 'America/Toronto', '263 354 438 450 468 514 579 819 873'],
  // ── Other NANP countries ──
  ['AG', 'America/Antigua', '268'],
  ['AI', 'America/Anguilla', '264'],
  ['BB', 'America/Barbados', '246'],
  ['BM', 'Atlantic/Bermuda', '441'],
  ['BS', 'America/Nassau', '242'],
  ['DM', 'America/Dominica', '767'],
  ['DO', 'America/Santo_Domingo', '809 829 849'],
  ['GD', 'America/Grenada', '473'],
  ['JM', 'America/Jamaica', '658 876'],
  ['KN', 'America/St_Kitts', '869'],
  ['KY', 'America/Cayman', '345'],
  ['LC', 'America/St_Lucia', '758'],
  ['MS', 'America/Montserrat', '664'],
  ['SX', 'America/Lower_Princes', '721'],
  ['TC', 'America/Grand_Turk', '649'],
  ['TT', 'America/Port_of_Spain', '868'],
  ['VC', 'America/St_Vincent', '784'],
  ['VG', 'America/Tortola', '284'],
];

/** Codes that straddle a zone boundary: the zone is the one covering most of the code's population. */
const SPLIT_CODES: readonly AreaLine[] = [
  ['US-AK', 'America/Anchorage', '907'], // the western Aleutians (America/Adak) are a tiny minority
  ['US-AZ', 'America/Phoenix', '928'], // the Navajo Nation keeps DST (Mountain), but Flagstaff/Yuma/Prescott do not
  ['US-FL', CT, '448 850'], // Pensacola, Fort Walton and Panama City (Central) outnumber Tallahassee (Eastern)
  ['US-ID', 'America/Boise', '208 986'], // the northern panhandle (Coeur d'Alene) is Pacific; Boise is Mountain
  ['US-IN', CT, '219'], // Lake, Porter and LaPorte counties (Gary, Chicago suburbs) keep Central time
  ['US-IN', 'America/Indiana/Indianapolis', '574'], // South Bend/Elkhart Eastern; Starke County is Central
  ['US-IN', 'America/Indiana/Indianapolis', '812 930'], // the Evansville corner is Central; Bloomington, Terre Haute, Columbus, New Albany are Eastern
  ['US-KS', CT, '620 785'], // four western counties on the Colorado line are Mountain
  ['US-KY', CT, '270 364'], // western Kentucky is Central; Hardin/Meade (Elizabethtown) are Eastern
  ['US-KY', ET, '606'], // eastern Kentucky; a few south-central counties are Central
  ['US-MI', 'America/Detroit', '906'], // the Upper Peninsula counties on the Wisconsin line (Menominee, Iron Mountain) are Central
  ['US-ND', CT, '701'], // the south-west (Dickinson) is Mountain
  ['US-NE', CT, '308'], // Grand Island, Kearney, North Platte are Central; the panhandle (Scottsbluff) is Mountain
  ['US-NV', PT, '775'], // Reno/Carson City Pacific; West Wendover is Mountain
  ['US-OR', PT, '458 541'], // Malheur County (Ontario) is Mountain
  ['US-SD', CT, '605'], // West River (Rapid City) is Mountain; Sioux Falls is Central
  ['US-TN', ET, '423'], // Chattanooga and the Tri-Cities are Eastern; Marion County and some Cumberland Plateau counties are Central
  ['US-TX', CT, '432'], // Midland/Odessa Central; Culberson County is Mountain
  ['US-TX', MT, '915'], // El Paso and Hudspeth counties are Mountain
  ['CA-BC', 'America/Vancouver', '236 250 257 672 778'], // the Peace River (no DST) and East Kootenay (Mountain) are minorities
  ['CA-NL', 'America/St_Johns', '709 879'], // most of Labrador is Atlantic; the island of Newfoundland dominates
  ['CA-ON', 'America/Toronto', '807'], // Thunder Bay (Eastern) outnumbers Kenora/Dryden (Central)
  ['CA-QC', 'America/Toronto', '367 418 581'], // the Magdalen Islands and Lower North Shore are Atlantic
  ['CA-SK', 'America/Regina', '306 474 639'], // Lloydminster keeps Alberta (Mountain, DST) time
  ['CA-YT', 'America/Whitehorse', '867'], // Yukon, NWT and Nunavut share 867; Yukon is the most populous and Yukon/NWT are UTC-7 in winter
];

/** Non-geographic codes (toll-free, personal communications, premium, carrier, government). */
export const NON_GEOGRAPHIC: ReadonlySet<string> = new Set(
  ('456 500 521 522 523 524 525 526 527 528 529 532 533 544 566 577 588 ' +
    '600 622 700 710 800 833 844 855 866 877 888 900').split(' '),
);

/** All lines of the table (region lines then split codes). */
export const AREA_CODE_LINES: readonly AreaLine[] = [...REGION_LINES, ...SPLIT_CODES];

/** Builds the lookup; throws on malformed, duplicated or non-geographic codes. */
export function buildAreaCodeTable(lines: readonly AreaLine[]): ReadonlyMap<string, AreaInfo> {
  const table = new Map<string, AreaInfo>();
  for (const [region, zone, codes] of lines) {
    const info: AreaInfo = Object.freeze({ region, zone });
    for (const code of codes.split(/\s+/).filter(Boolean)) {
      if (!/^[2-9]\d\d$/.test(code) || code.endsWith('11')) { // NXX, and N11 are service codes
        throw new Error(`area-codes: malformed area code '${code}' (${region})`);
      }
      if (NON_GEOGRAPHIC.has(code)) throw new Error(`area-codes: ${code} is non-geographic (${region})`);
      const prev = table.get(code);
      if (prev) throw new Error(`area-codes: ${code} listed twice (${prev.region} and ${region})`);
      table.set(code, info);
    }
  }
  return table;
}

/** Area code → region and zone, built once at load. */
export const AREA_CODES: ReadonlyMap<string, AreaInfo> = buildAreaCodeTable(AREA_CODE_LINES);

/** The region and zone of a NANP area code ('212'), or null when unknown/non-geographic. */
export function areaCodeInfo(areaCode: string): AreaInfo | null {
  return AREA_CODES.get(areaCode) ?? null;
}

const NANP_E164 = /^\+1([2-9]\d\d)[2-9]\d{6}$/;

/** For an E.164 number: +1 numbers use their area code; other countries return null here. */
export function nanpInfo(e164: string): AreaInfo | null {
  const m = NANP_E164.exec(e164);
  return m ? areaCodeInfo(m[1]) : null;
}
