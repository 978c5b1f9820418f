// Every custom search attribute the project's workflows set: the dev server and tests register them.
import { searchAttributes as onboarding } from './onboarding/contract';

export const SEARCH_ATTRIBUTE_KEYS = Object.values(onboarding);
