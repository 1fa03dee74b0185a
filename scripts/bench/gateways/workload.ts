// The benchmark workload: four operations a clinic front-end sends, each request made unique by its variables.

export interface Operation {
  name: string;
  query: string;
  /** The one subgraph that holds all of the operation's data, when one does: measured directly too. */
  singleSubgraph?: 'patient' | 'appointment' | 'prescription';
  /** Variables for the n-th request: a distinct `from` instant, so no gateway can merge two requests. */
  variables(n: number): Record<string, unknown>;
}

const BASE = Date.UTC(2026, 8, 1);
const from = (n: number) => new Date(BASE + n).toISOString();

export const WORKLOAD: Operation[] = [
  {
    name: 'schedule',
    singleSubgraph: 'appointment',
    query: /* GraphQL */ `
      query Schedule($from: DateTime) {
        appointments(first: 20, from: $from) {
          nodes {
            id
            startsAt
            endsAt
            status
            reason
          }
        }
      }
    `,
    variables: (n) => ({ from: from(n) }),
  },
  {
    name: 'light',
    query: /* GraphQL */ `
      query Light($from: DateTime) {
        me {
          userId
          roles
          practitioner {
            name {
              family
            }
          }
        }
        appointments(first: 10, from: $from) {
          nodes {
            id
            startsAt
            status
          }
        }
      }
    `,
    variables: (n) => ({ from: from(n) }),
  },
  {
    name: 'list',
    query: /* GraphQL */ `
      query List($from: DateTime) {
        patients(first: 50) {
          nodes {
            id
            mrn
            name {
              family
            }
            appointments(first: 5, from: $from) {
              nodes {
                id
                startsAt
                practitioner {
                  id
                  name {
                    family
                  }
                }
                prescriptions {
                  status
                  medications {
                    drugName
                  }
                }
              }
            }
          }
        }
      }
    `,
    variables: (n) => ({ from: from(n) }),
  },
  {
    name: 'entities',
    query: /* GraphQL */ `
      query Entities($from: DateTime) {
        appointments(first: 100, from: $from) {
          nodes {
            id
            startsAt
            patient {
              id
              mrn
              name {
                family
              }
            }
            practitioner {
              id
              name {
                family
              }
            }
            prescriptions {
              status
            }
          }
        }
      }
    `,
    variables: (n) => ({ from: from(n) }),
  },
];
