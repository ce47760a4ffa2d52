/**
 * Writes people/synthetic-hr-snapshot.csv: the example organisation's HR snapshot. Every person in it is fictional,
 * generated from name lists with a fixed seed, so the file is the same on every run. Run: npx tsx scripts/people-example.ts
 */
import { writeFileSync } from "node:fs";

const FIRST = [
  "Adaeze",
  "Bilal",
  "Camila",
  "Dawit",
  "Esra",
  "Farid",
  "Gloria",
  "Hamza",
  "Imani",
  "Jonas",
  "Karin",
  "Layla",
  "Mateo",
  "Nour",
  "Oscar",
  "Priya",
  "Quentin",
  "Rania",
  "Samuel",
  "Tariq",
  "Ursula",
  "Vikram",
  "Wafa",
  "Ximena",
  "Yara",
  "Zane",
];
const LAST = [
  "Abara",
  "Bauer",
  "Costa",
  "Dlamini",
  "Eriksen",
  "Farah",
  "Garcia",
  "Hassan",
  "Ito",
  "Jensen",
  "Kiplagat",
  "Lopez",
  "Mwale",
  "Nasser",
  "Okafor",
  "Perez",
  "Quispe",
  "Rossi",
  "Sato",
  "Tesfaye",
  "Usman",
  "Varga",
  "Wambui",
  "Xu",
  "Yilmaz",
  "Zulu",
];

let seed = 14;
const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;

interface Row {
  upn: string;
  displayName: string;
  userType?: string;
  accountEnabled?: string;
  employeeType: string;
  department: string;
  jobTitle: string;
  country: string;
  officeLocation: string;
  employeeHireDate: string;
  employeeLeaveDateTime?: string;
  assignedRoles?: string;
  eligibleRoles?: string;
  directGroups?: string;
}

const HQ = { country: "CH", officeLocation: "Geneva HQ" };
const FIELD = [
  { country: "KE", officeLocation: "Nairobi" },
  { country: "JO", officeLocation: "Amman" },
  { country: "BD", officeLocation: "Cox's Bazar" },
  { country: "CO", officeLocation: "Bogotá" },
];
const hired = () => `20${String(10 + Math.floor(random() * 16)).padStart(2, "0")}-${String(1 + Math.floor(random() * 12)).padStart(2, "0")}-01`;

/** The people the catalog names (owners, approvers, eligible administrators), with the jobs the catalog implies. */
const NAMED: Row[] = [
  {
    upn: "sofia.alvarez",
    displayName: "Sofia Alvarez",
    employeeType: "Staff",
    department: "ICT",
    jobTitle: "ICT Director",
    ...HQ,
    employeeHireDate: "2015-03-01",
  },
  { upn: "li.wei", displayName: "Li Wei", employeeType: "Staff", department: "ICT", jobTitle: "Security Lead", ...HQ, employeeHireDate: "2018-09-01" },
  {
    upn: "peter.otieno",
    displayName: "Peter Otieno",
    employeeType: "Staff",
    department: "ICT",
    jobTitle: "Infrastructure Lead",
    country: "KE",
    officeLocation: "Nairobi",
    employeeHireDate: "2016-01-15",
  },
  {
    upn: "elena.petrova",
    displayName: "Elena Petrova",
    employeeType: "Staff",
    department: "ICT",
    jobTitle: "Identity Engineer",
    ...HQ,
    employeeHireDate: "2019-05-01",
  },
  {
    upn: "kofi.boateng",
    displayName: "Kofi Boateng",
    employeeType: "Staff",
    department: "ICT",
    jobTitle: "Systems Engineer",
    ...HQ,
    employeeHireDate: "2020-02-01",
  },
  {
    upn: "hana.suzuki",
    displayName: "Hana Suzuki",
    employeeType: "Staff",
    department: "ICT",
    jobTitle: "Security Engineer",
    ...HQ,
    employeeHireDate: "2021-06-01",
    assignedRoles: "ict-security-analyst since 2026-06-01 until 2026-11-28",
  },
  {
    upn: "wanjiku.mwangi",
    displayName: "Wanjiku Mwangi",
    employeeType: "Staff",
    department: "ICT",
    jobTitle: "Service Desk Analyst",
    country: "KE",
    officeLocation: "Nairobi",
    employeeHireDate: "2022-03-01",
  },
  {
    upn: "brian.ochieng",
    displayName: "Brian Ochieng",
    accountEnabled: "false",
    employeeType: "Staff",
    department: "ICT",
    jobTitle: "Service Desk Analyst",
    country: "KE",
    officeLocation: "Nairobi",
    employeeHireDate: "2021-08-01",
    employeeLeaveDateTime: "2026-11-27T17:00:00Z",
    assignedRoles: "field-security-focal-point since 2026-02-01 until 2027-01-31",
    directGroups: "staff-collaboration",
  },
  {
    upn: "amina.yusuf",
    displayName: "Amina Yusuf",
    employeeType: "Staff",
    department: "Finance",
    jobTitle: "Finance Director",
    ...HQ,
    employeeHireDate: "2014-07-01",
  },
  {
    upn: "lars.nilsen",
    displayName: "Lars Nilsen",
    employeeType: "Staff",
    department: "Finance",
    jobTitle: "Controller",
    ...HQ,
    employeeHireDate: "2017-04-01",
  },
  {
    upn: "ingrid.berg",
    displayName: "Ingrid Berg",
    employeeType: "Staff",
    department: "Finance",
    jobTitle: "Controller",
    ...HQ,
    employeeHireDate: "2019-10-01",
  },
  {
    upn: "kwame.asante",
    displayName: "Kwame Asante",
    employeeType: "Staff",
    department: "Finance",
    jobTitle: "Controller",
    ...HQ,
    employeeHireDate: "2020-11-01",
  },
  {
    upn: "maria.santos",
    displayName: "Maria Santos",
    employeeType: "Staff",
    department: "Finance",
    jobTitle: "Accountant",
    ...HQ,
    employeeHireDate: "2019-02-01",
    assignedRoles: "fin-payment-approver since 2026-04-01 until 2027-03-31",
  },
  {
    upn: "paolo.ricci",
    displayName: "Paolo Ricci",
    employeeType: "Staff",
    department: "Finance",
    jobTitle: "Payments Officer",
    ...HQ,
    employeeHireDate: "2018-06-01",
    assignedRoles: "fin-vendor-master since 2025-12-01 until 2026-12-01; fin-payment-approver since 2026-09-15 until 2027-03-15",
  },
  {
    upn: "grace.wanjiru",
    displayName: "Grace Wanjiru",
    employeeType: "Staff",
    department: "Human Resources",
    jobTitle: "HR Director",
    ...HQ,
    employeeHireDate: "2013-09-01",
  },
  {
    upn: "omar.haddad",
    displayName: "Omar Haddad",
    employeeType: "Staff",
    department: "Human Resources",
    jobTitle: "HR Manager",
    ...HQ,
    employeeHireDate: "2016-05-01",
  },
  {
    upn: "fatima.rahman",
    displayName: "Fatima Rahman",
    employeeType: "Staff",
    department: "Programmes",
    jobTitle: "Programmes Director",
    ...HQ,
    employeeHireDate: "2012-01-01",
  },
  {
    upn: "aisha.bello",
    displayName: "Aisha Bello",
    employeeType: "Staff",
    department: "Programmes",
    jobTitle: "Programme Lead",
    ...HQ,
    employeeHireDate: "2017-08-01",
  },
  {
    upn: "tomas.silva",
    displayName: "Tomas Silva",
    employeeType: "Staff",
    department: "Programmes",
    jobTitle: "Programme Lead",
    ...HQ,
    employeeHireDate: "2018-03-01",
  },
  {
    upn: "james.oconnor",
    displayName: "James O'Connor",
    employeeType: "Staff",
    department: "Programmes",
    jobTitle: "Monitoring Lead",
    ...HQ,
    employeeHireDate: "2019-01-01",
  },
  {
    upn: "nadia.karimi",
    displayName: "Nadia Karimi",
    employeeType: "Staff",
    department: "Legal",
    jobTitle: "Legal Counsel",
    ...HQ,
    employeeHireDate: "2020-09-01",
  },
  {
    upn: "daniel.mensah",
    displayName: "Daniel Mensah",
    employeeType: "Staff",
    department: "Supply Chain",
    jobTitle: "Supply Chain Manager",
    ...HQ,
    employeeHireDate: "2016-10-01",
  },
  {
    upn: "joseph.kamau",
    displayName: "Joseph Kamau",
    employeeType: "Staff",
    department: "Field Operations",
    jobTitle: "Country Director",
    country: "KE",
    officeLocation: "Nairobi",
    employeeHireDate: "2015-06-01",
  },
  {
    upn: "yusuf.ahmed",
    displayName: "Yusuf Ahmed",
    employeeType: "Staff",
    department: "Field Operations",
    jobTitle: "Country Director",
    country: "JO",
    officeLocation: "Amman",
    employeeHireDate: "2016-02-01",
  },
  {
    upn: "rahim.chowdhury",
    displayName: "Rahim Chowdhury",
    employeeType: "Staff",
    department: "Field Operations",
    jobTitle: "Country Director",
    country: "BD",
    officeLocation: "Cox's Bazar",
    employeeHireDate: "2017-03-01",
  },
  {
    upn: "maria.gomez",
    displayName: "Maria Gomez",
    employeeType: "Staff",
    department: "Field Operations",
    jobTitle: "Country Director",
    country: "CO",
    officeLocation: "Bogotá",
    employeeHireDate: "2018-04-01",
  },
];

const TEAMS: { department: string; count: number; titles: readonly string[]; field?: boolean }[] = [
  { department: "Finance", count: 24, titles: ["Accountant", "Accountant", "Accounts Payable Clerk", "Budget Analyst", "Treasury Analyst"] },
  { department: "Human Resources", count: 14, titles: ["HR Officer", "Recruiter", "Payroll Specialist"] },
  { department: "ICT", count: 18, titles: ["Service Desk Analyst", "Service Desk Analyst", "Systems Engineer", "Network Engineer", "Developer"] },
  { department: "Programmes", count: 40, titles: ["Programme Officer", "Programme Assistant", "Monitoring Officer", "Grants Officer"] },
  { department: "Supply Chain", count: 22, titles: ["Buyer", "Procurement Officer", "Warehouse Clerk", "Warehouse Supervisor"] },
  {
    department: "Field Operations",
    count: 150,
    titles: ["Field Officer", "Protection Officer", "Logistics Assistant", "Driver", "Community Liaison"],
    field: true,
  },
];

const rows: Row[] = NAMED.map((r) => ({ ...r }));
const taken = new Set(rows.map((r) => r.upn));
for (const team of TEAMS) {
  for (let i = 0; i < team.count; i++) {
    let first: string, last: string, upn: string;
    do {
      first = pick(FIRST);
      last = pick(LAST);
      upn = `${first}.${last}`.toLowerCase();
    } while (taken.has(upn));
    taken.add(upn);
    const type = random() < 0.8 ? "Staff" : random() < 0.7 ? "Consultant" : "Intern";
    rows.push({
      upn,
      displayName: `${first} ${last}`,
      employeeType: type,
      department: team.department,
      jobTitle: pick(team.titles),
      ...(team.field ? pick(FIELD) : HQ),
      employeeHireDate: hired(),
    });
  }
}
const CSV_HEADER = [
  "Email",
  "Name",
  "Account type",
  "Enabled",
  "Contract",
  "Dept",
  "Title",
  "Country",
  "Office",
  "Hire date",
  "Leave date",
  "Cost centre",
  "assignedRoles",
  "eligibleRoles",
  "directGroups",
];
const cell = (v: string | undefined) => (v === undefined ? "" : /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const lines = [CSV_HEADER.join(",")];
for (const r of rows.sort((a, b) => (a.upn < b.upn ? -1 : 1)))
  lines.push(
    [
      `${r.upn}@meridian.org`,
      r.displayName,
      r.userType ?? "Member",
      r.accountEnabled ?? "true",
      r.employeeType,
      r.department,
      r.jobTitle,
      r.country,
      r.officeLocation,
      r.employeeHireDate,
      r.employeeLeaveDateTime,
      "MRD-" + r.department.slice(0, 3).toUpperCase(),
      r.assignedRoles,
      r.eligibleRoles,
      r.directGroups,
    ]
      .map(cell)
      .join(","),
  );
writeFileSync(new URL("../people/synthetic-hr-snapshot.csv", import.meta.url), lines.join("\n") + "\n");
console.log(`${rows.length} synthetic people written to people/synthetic-hr-snapshot.csv`);
