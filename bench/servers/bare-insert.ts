// The raw limit for a write route: Fastify with one route doing one INSERT (PostgreSQL).
import Fastify from 'fastify';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
await pool.query('create table if not exists bench_rows (id uuid primary key default gen_random_uuid(), body text not null, created_at timestamptz not null default now())');
const app = Fastify({ logger: false });
app.get('/healthz', async () => ({ ok: true }));
app.post('/bare-insert', async (request, reply) => {
  const { rows } = await pool.query('insert into bench_rows (body) values ($1) returning id', [(request.body as { body: string }).body]);
  return reply.status(201).send({ id: rows[0].id });
});
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.on('SIGTERM', () => void app.close().then(() => pool.end()).then(() => process.exit(0)));
