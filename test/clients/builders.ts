import { CLIENT_FIELDS } from '../harness/builders';

export const UPDATE_CLIENT = `mutation($input: UpdateClientInput!) { updateClient(input: $input) { client { ${CLIENT_FIELDS} } } }`;
export const REVOKE_CONSENT = `mutation($id: ID!) { revokeConsent(id: $id) { consent { id active revokedAt } } }`;
export const UPDATE_GOAL = `mutation($input: UpdateGoalInput!) { updateGoal(input: $input) { goal { id domain description status targetDate achievedOn } } }`;
