// The operations the benchmarks send: a typical chart query and a large list.

/** One patient's chart: demographics, allergies, ten appointments, five prescriptions. */
export const PATIENT_CHART = /* GraphQL */ `
  query PatientChart($id: ID!) {
    patient(id: $id) {
      id
      mrn
      name {
        given
        family
      }
      birthDate
      allergies {
        substance
        severity
      }
      appointments(first: 10) {
        nodes {
          id
          startsAt
          status
          practitioner {
            name {
              family
            }
          }
        }
      }
      prescriptions(first: 5) {
        nodes {
          id
          status
          medications {
            drugName
            dose
          }
        }
      }
    }
  }
`;

/** 100 patients with their appointments, practitioners, notes and prescriptions. */
export const LARGE_LIST = /* GraphQL */ `
  query LargeList {
    patients(first: 100) {
      nodes {
        id
        mrn
        name {
          given
          family
        }
        birthDate
        phone
        allergies {
          substance
          severity
        }
        appointments(first: 10) {
          nodes {
            id
            startsAt
            status
            reason
            practitioner {
              name {
                family
              }
            }
            clinicalNote {
              assessment
              plan
            }
            prescriptions {
              status
              diagnosis {
                code
              }
              medications {
                drugName
                dose
                days
              }
            }
          }
        }
      }
    }
  }
`;
