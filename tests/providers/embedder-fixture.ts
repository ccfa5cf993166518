/**
 * A small hand-written corpus for the local embedder tests: five topics, with "car" and
 * "automobile" used interchangeably in the motoring texts (so LSA can learn that they co-occur)
 * and one motoring text that only ever says "car".
 */
export const TOPIC_CORPUS: string[] = [
  // 0-5 motoring
  'The automobile engine needs regular oil changes; a car mechanic checks the engine and brakes.',
  'A car dealer sells a new automobile with a hybrid engine and better fuel economy.',
  'Automobile insurance covers a car after an accident on the motorway.',
  'The electric automobile charges overnight; electric car batteries last for years.',
  'Car owners compare automobile prices, engine power and fuel economy before buying.',
  'The mechanic replaced the car brakes and tuned the engine of the old car.',
  // 6-10 retrieval-augmented generation
  'Retrieval augmented generation retrieves relevant passages before the language model writes an answer.',
  'Chunking splits long documents into passages; retrieval then ranks the passages for a question.',
  'Dense retrieval embeds questions and passages as vectors and ranks passages by cosine similarity.',
  'BM25 is a keyword retrieval function that ranks passages by term frequency and inverse document frequency.',
  'A reranker reorders the retrieved passages so the language model sees the most relevant ones first.',
  // 11-14 cooking
  'Knead the bread dough for ten minutes, let it rise, then bake the bread in a hot oven.',
  'The soup simmers with onions, garlic and carrots; season the soup with salt and pepper.',
  'Whisk eggs with sugar and butter, fold in flour, and bake the cake until golden.',
  'Roast the vegetables in the oven with olive oil, garlic and rosemary.',
  // 15-18 astronomy
  'The telescope observed a distant galaxy whose stars formed billions of years ago.',
  'Planets orbit the star; astronomers measure the orbit with a space telescope.',
  'A supernova is the explosion of a massive star at the end of its life.',
  'The moon orbits the planet and reflects light from the sun.',
  // 19-21 finance
  'The central bank raised interest rates to slow inflation and cool the economy.',
  'Investors bought bonds when interest rates fell and stock prices rose.',
  'Inflation erodes savings, so the bank offers accounts with higher interest.',
];

export const MOTORING = [0, 1, 2, 3, 4, 5];
export const RAG = [6, 7, 8, 9, 10];
export const COOKING = [11, 12, 13, 14];
/** The motoring text that never says "automobile". */
export const CAR_ONLY = 5;
