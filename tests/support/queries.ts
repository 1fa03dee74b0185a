// Operations the cross-service suites send, written once.

/** The N+1 probe: a list with nested relations resolved in three subgraphs. */
export const PATIENTS_DEEP = /* GraphQL */ `
  query PatientsDeep($first: Int!) {
    patients(first: $first) {
      nodes {
        id
        mrn
        appointments(first: 10) {
          nodes {
            id
            practitioner {
              name {
                family
              }
            }
            prescriptions {
              medications {
                drugName
              }
            }
          }
        }
      }
    }
  }
`;

export const PATIENT_BY_ID = /* GraphQL */ `
  query PatientById($id: ID!) {
    patient(id: $id) {
      id
      mrn
      name {
        given
        family
      }
    }
  }
`;
