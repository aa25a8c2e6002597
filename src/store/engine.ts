/** The two databases the store runs on: a file by default, PostgreSQL when several instances share one. */
export type Engine = 'sqlite' | 'postgres';
