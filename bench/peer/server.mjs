// The peer of bench/crossref.py: what a user could pick instead of tipgraph for a cross-reference.
// @neo4j/graphql on graphql-yoga, the same GraphQL query answered by one @cypher field whose statement is
// cypher/bench/linked_peer.cypher (the raw-driver floor runs the same file). No auth, scope or audit.
//
//   NEO4J_URI=bolt://127.0.0.1:7687 NEO4J_PASSWORD=... PORT=4000 node server.mjs
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { Neo4jGraphQL } from "@neo4j/graphql";
import { createYoga } from "graphql-yoga";
import neo4j from "neo4j-driver";

// A statement of cypher/bench/ without its header; a Tip's field gets the tip as `this`, where the file finds it
// by id. Root fields get their arguments as the file's parameters.
const statement = (name) =>
  readFileSync(new URL(`../../cypher/bench/${name}.cypher`, import.meta.url), "utf8")
    .split("\n")
    .filter((line) => !line.startsWith("//"))
    .join("\n");
const ofThisTip = (name) => statement(name).replace("MATCH (t:Tip {id: $id})", "WITH this AS t");
const body = ofThisTip("linked_peer");

const typeDefs = /* GraphQL */ `
  type Tip @node {
    id: ID!
    incidentType: String
    receivedAt: DateTime
    linkedTips(first: Int = 20): LinkedTipsPage!
      @cypher(statement: """${body}""", columnName: "linkedTips")
    identifiers: [TipIdentifier!]!
      @cypher(statement: """${ofThisTip("tip_identifiers_peer")}""", columnName: "identifier")
  }
  type TipIdentifier {
    kind: String!
    key: String!
    role: String!
    tipCount: Int!
  }
  type TipNode {
    id: ID!
    incidentType: String
    receivedAt: DateTime
  }
  type TipItem {
    node: TipNode!
  }
  type TipPage {
    edges: [TipItem!]!
  }
  type IdentifierPage {
    kind: String!
    key: String!
    tips: TipPage!
  }
  type ClusterPage {
    id: ID!
    tips: TipPage!
  }
  type LinkedTipNode {
    id: ID!
    incidentType: String
    receivedAt: DateTime
  }
  type SharedIdentifier {
    kind: String!
    key: String!
    weight: Float!
  }
  type LinkedTipEdge {
    weight: Float!
    node: LinkedTipNode!
    shared: [SharedIdentifier!]!
  }
  type LinkedTipsPage {
    totalCount: Int!
    skippedGenericIdentifiers: Int!
    edges: [LinkedTipEdge!]!
  }
  type Query {
    tip(id: ID!): Tip @cypher(statement: "MATCH (t:Tip {id: $id}) RETURN t", columnName: "t")
    identifier(kind: String!, value: String!, first: Int = 20): IdentifierPage
      @cypher(statement: """${statement("identifier_tips_peer")}""", columnName: "identifier")
    triageQueue(first: Int = 20): TipPage!
      @cypher(statement: """${statement("queue_peer")}""", columnName: "page")
    cluster(id: ID!, first: Int = 20): ClusterPage
      @cypher(statement: """${statement("cluster_peer")}""", columnName: "cluster")
  }
`;

const driver = neo4j.driver(
  process.env.NEO4J_URI,
  neo4j.auth.basic(process.env.NEO4J_USER ?? "neo4j", process.env.NEO4J_PASSWORD),
);
const schema = await new Neo4jGraphQL({ typeDefs, driver }).getSchema();
const yoga = createYoga({ schema, graphiql: false, logging: false });
const port = Number(process.env.PORT ?? 4000);
createServer(yoga).listen(port, "127.0.0.1", () => console.log(`peer listening on ${port}`));
