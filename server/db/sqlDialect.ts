/** The two databases the service runs on: SQLite embedded (zero set-up), PostgreSQL for several instances. */
export type SqlDialect = 'sqlite' | 'postgres';
