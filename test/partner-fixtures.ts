import type { FastifyInstance } from 'fastify';
import { Client, STRONG_PASSWORD, lastEmailTo, signUp, tokenFrom, type SignedUp } from './factories.js';

/** A person who accepted an invitation (their client is signed in, acting in the inviting account). */
async function accept(app: FastifyInstance, email: string, operatorToken: string, name: string) {
  const token = tokenFrom((await lastEmailTo(app, email, operatorToken)).text);
  const client = new Client(app);
  const res = await client.post('/v1/invitations/accept', { token, name, phone: '+14155550123', password: STRONG_PASSWORD });
  if (res.statusCode !== 201) throw new Error(`accept failed: ${res.statusCode} ${res.body}`);
  return { client, userId: res.json().user.id as string };
}

const unique = () => Math.random().toString(36).slice(2, 10);

export interface Partner { id: string; name: string; manager: Client; managerId: string; agent: Client; agentId: string; agentEmail: string }

/** A partner organisation made by the operator, its manager (owner, by invitation) and one agent. */
export async function makePartner(app: FastifyInstance, operatorToken: string, name = `BPO ${unique()}`): Promise<Partner> {
  const ownerEmail = `mgr-${unique()}@bpo.example.com`;
  const created = await new Client(app, operatorToken).post('/v1/partners', { name, ownerEmail });
  if (created.statusCode !== 201) throw new Error(`partner: ${created.statusCode} ${created.body}`);
  const manager = await accept(app, ownerEmail, operatorToken, 'Mona Manager');
  const agentEmail = `agent-${unique()}@bpo.example.com`;
  await manager.client.post('/v1/invitations', { email: agentEmail, role: 'agent' });
  const agent = await accept(app, agentEmail, operatorToken, 'Pat Partneragent');
  return { id: created.json().id, name, manager: manager.client, managerId: manager.userId, agent: agent.client, agentId: agent.userId, agentEmail };
}

export interface ClientAccount extends SignedUp { numbers: Array<{ id: string; phoneNumber: string }>; conversations: string[]; contactIds: string[] }

/** A business with two numbers and one conversation on each (an outbound text: no carrier process needed). */
export async function makeClientAccount(app: FastifyInstance, business = `Shop ${unique()}`): Promise<ClientAccount> {
  const t = await signUp(app, { business });
  const numbers = [];
  const conversations = [];
  const contactIds = [];
  for (let i = 0; i < 2; i++) {
    const n = (await t.client.post('/v1/numbers', { provider: 'simulator' })).json();
    numbers.push(n);
    const from = `+1 212 555 ${String(1000 + Math.floor(Math.random() * 8999))}`;
    const sent = (await t.client.post('/v1/messages', { from: n.phoneNumber, to: from, body: `Hello from number ${i}` })).json();
    if (!sent.conversationId) throw new Error(`send failed: ${JSON.stringify(sent)}`);
    conversations.push(sent.conversationId as string);
    contactIds.push((await t.client.get(`/v1/conversations/${sent.conversationId}`)).json().contact.id as string);
  }
  return { ...t, numbers, conversations, contactIds };
}
