/**
 * The labelled AI evaluation set: 63 conversations written for Parley's demo shop (scripts/eval/
 * ai-shop.ts), 21 each in English, Portuguese (Portugal) and Spanish. Each has the intent a person would
 * give it, whether an auto-reply must hand it to a person, and the facts a faithful reply must state.
 *
 * Turns are oldest first, "c:" the customer, "b:" the business. A fact is a price in cents (the reply must
 * name that amount, however it writes it) or a list of spellings, any one of which must appear (case and
 * accents ignored). Conversations that ask for a person, complain, or ask what the shop's facts do not
 * cover must hand off; spam gets neither an answer nor a person.
 */

export interface EvalCase {
  id: string;
  turns: string[];
  intent: string;
  handoff: boolean;
  facts: (number | string[])[];
  /** The customer has order #1042 on file. */
  orders?: boolean;
}

const days = (n: number, words: string[]) => [`${n} working day`, `${n} dia`, `${n} día`, `${n} day`, ...words];

export const EVAL_CASES: EvalCase[] = [
  // English
  { id: "en-01", turns: ["c: Hi! How much is the blue teapot?"], intent: "pricing", handoff: false, facts: [3499] },
  { id: "en-02", turns: ["c: How much do the espresso cups cost?"], intent: "pricing", handoff: false, facts: [2400] },
  { id: "en-03", turns: ["c: What's the price of a glaze refill?"], intent: "pricing", handoff: false, facts: [899] },
  { id: "en-04", turns: ["c: Hello, how much is gift wrapping?"], intent: "pricing", handoff: false, facts: [300] },
  {
    id: "en-05",
    turns: ["c: Hi, I'm looking at your clay", "b: Hi! Which one are you after?", "c: The stoneware clay, how much is a bag?"],
    intent: "pricing",
    handoff: false,
    facts: [2200],
  },
  {
    id: "en-06",
    turns: ["c: I want to buy two blue mugs. How can I pay? My number is +351 912 345 678"],
    intent: "order",
    handoff: false,
    facts: [["mb way"]],
  },
  {
    id: "en-07",
    turns: ["c: I'd like to order the blue teapot, which payment methods do you accept?"],
    intent: "order",
    handoff: false,
    facts: [["mb way"]],
  },
  {
    id: "en-08",
    turns: ["c: How long does delivery to Porto take?"],
    intent: "delivery",
    handoff: false,
    facts: [days(2, ["two working days"])],
  },
  {
    id: "en-09",
    turns: ["c: Where is my order? It hasn't arrived yet"],
    intent: "delivery",
    handoff: false,
    facts: [["1042"]],
    orders: true,
  },
  {
    id: "en-10",
    turns: ["c: Do you deliver to Spain? How long does shipping take?"],
    intent: "delivery",
    handoff: false,
    facts: [days(4, ["four working days"])],
  },
  { id: "en-11", turns: ["c: What time does your studio shop open on Friday?"], intent: "support", handoff: false, facts: [["9"]] },
  { id: "en-12", turns: ["c: Can you gift wrap my parcel? Is there a charge?"], intent: "support", handoff: false, facts: [300] },
  {
    id: "en-13",
    turns: ["c: Is the green vase available?"],
    intent: "support",
    handoff: false,
    facts: [["not available", "unavailable", "out of stock", "sold out"]],
  },
  { id: "en-14", turns: ["c: My teapot arrived broken, I want a refund"], intent: "complaint", handoff: true, facts: [] },
  {
    id: "en-15",
    turns: ["c: This is the second time you sent the wrong colour. Terrible service."],
    intent: "complaint",
    handoff: true,
    facts: [],
  },
  { id: "en-16", turns: ["c: Can I talk to a real person please?"], intent: "support", handoff: true, facts: [] },
  {
    id: "en-17",
    turns: ["c: Hello", "b: Hi! How can we help?", "c: I need someone from your team to quote a wholesale order of 300 plates for my cafe"],
    intent: "order",
    handoff: true,
    facts: [],
  },
  { id: "en-18", turns: ["c: Do you make custom wedding plates with names on them?"], intent: "order", handoff: true, facts: [] },
  { id: "en-19", turns: ["c: Earn 500$ a day with crypto trading!!! click here bit.ly/xx"], intent: "spam", handoff: false, facts: [] },
  { id: "en-20", turns: ["c: How much is a pottery workshop on Saturday?"], intent: "pricing", handoff: false, facts: [6500] },
  { id: "en-21", turns: ["c: Can I send a mug back if I don't like it?"], intent: "support", handoff: false, facts: [["30"]] },

  // Português (Portugal)
  { id: "pt-01", turns: ["c: Olá! Quanto custa o bule azul?"], intent: "pricing", handoff: false, facts: [3499] },
  { id: "pt-02", turns: ["c: Qual é o preço da caneca azul?"], intent: "pricing", handoff: false, facts: [1250] },
  { id: "pt-03", turns: ["c: Quanto custam as chávenas de café?"], intent: "pricing", handoff: false, facts: [2400] },
  { id: "pt-04", turns: ["c: Quanto é o embrulho para presente?"], intent: "pricing", handoff: false, facts: [300] },
  {
    id: "pt-05",
    turns: ["c: Bom dia", "b: Bom dia! Em que posso ajudar?", "c: Quanto custa o barro de grés de 5 kg?"],
    intent: "pricing",
    handoff: false,
    facts: [2200],
  },
  {
    id: "pt-06",
    turns: ["c: Quero encomendar duas canecas azuis, posso pagar com MB Way?"],
    intent: "order",
    handoff: false,
    facts: [["mb way"]],
  },
  {
    id: "pt-07",
    turns: ["c: Queria comprar o bule azul, como faço o pagamento? O meu email é joana.reis@example.pt"],
    intent: "order",
    handoff: false,
    facts: [["mb way", "cartao", "card", "transferencia"]],
  },
  {
    id: "pt-08",
    turns: ["c: Quanto tempo demora a entrega para o Porto?"],
    intent: "delivery",
    handoff: false,
    facts: [days(2, ["dois dias"])],
  },
  {
    id: "pt-09",
    turns: ["c: Olá, a minha encomenda ainda não chegou, onde está?"],
    intent: "delivery",
    handoff: false,
    facts: [["1042"]],
    orders: true,
  },
  {
    id: "pt-10",
    turns: ["c: Fazem envios para Espanha? Quantos dias demora?"],
    intent: "delivery",
    handoff: false,
    facts: [days(4, ["quatro dias"])],
  },
  { id: "pt-11", turns: ["c: A que horas abre a loja na sexta-feira?"], intent: "support", handoff: false, facts: [["9"]] },
  {
    id: "pt-12",
    turns: ["c: O vaso verde está disponível?"],
    intent: "support",
    handoff: false,
    facts: [["nao esta disponivel", "indisponivel", "esgotado", "not available"]],
  },
  { id: "pt-13", turns: ["c: Posso fazer a devolução de uma caneca se não gostar?"], intent: "support", handoff: false, facts: [["30"]] },
  { id: "pt-14", turns: ["c: O meu bule chegou partido, quero o reembolso"], intent: "complaint", handoff: true, facts: [] },
  {
    id: "pt-15",
    turns: ["c: Péssimo serviço, enviaram a cor errada outra vez. Quero fazer uma reclamação"],
    intent: "complaint",
    handoff: true,
    facts: [],
  },
  { id: "pt-16", turns: ["c: Quero falar com uma pessoa, por favor"], intent: "support", handoff: true, facts: [] },
  {
    id: "pt-17",
    turns: ["c: Preciso de falar com o gerente sobre uma encomenda grande de pratos para o meu restaurante"],
    intent: "order",
    handoff: true,
    facts: [],
  },
  { id: "pt-18", turns: ["c: Fazem pratos personalizados para casamentos?"], intent: "order", handoff: true, facts: [] },
  { id: "pt-19", turns: ["c: Ganhe 500€ por dia com bitcoin, clique aqui"], intent: "spam", handoff: false, facts: [] },
  { id: "pt-20", turns: ["c: Quanto custa o workshop de olaria ao sábado?"], intent: "pricing", handoff: false, facts: [6500] },
  { id: "pt-21", turns: ["c: Qual o preço da recarga de vidrado?"], intent: "pricing", handoff: false, facts: [899] },

  // Español
  { id: "es-01", turns: ["c: ¡Hola! ¿Cuánto cuesta la tetera azul?"], intent: "pricing", handoff: false, facts: [3499] },
  { id: "es-02", turns: ["c: ¿Qué precio tiene la taza azul?"], intent: "pricing", handoff: false, facts: [1250] },
  { id: "es-03", turns: ["c: ¿Cuánto cuestan las tazas de café?"], intent: "pricing", handoff: false, facts: [2400] },
  { id: "es-04", turns: ["c: ¿Cuánto cuesta envolver para regalo?"], intent: "pricing", handoff: false, facts: [300] },
  {
    id: "es-05",
    turns: ["c: Buenas tardes", "b: ¡Buenas tardes! ¿En qué le puedo ayudar?", "c: ¿Cuánto cuesta la arcilla de gres de 5 kg?"],
    intent: "pricing",
    handoff: false,
    facts: [2200],
  },
  {
    id: "es-06",
    turns: ["c: Quiero comprar dos tazas azules, ¿puedo pagar con tarjeta?"],
    intent: "order",
    handoff: false,
    facts: [["tarjeta", "card"]],
  },
  {
    id: "es-07",
    turns: ["c: Quiero comprar la tetera azul, ¿cómo es el pago?"],
    intent: "order",
    handoff: false,
    facts: [["tarjeta", "mb way", "card", "transferencia"]],
  },
  { id: "es-08", turns: ["c: ¿Cuánto tarda el envío a Madrid?"], intent: "delivery", handoff: false, facts: [days(4, ["cuatro días"])] },
  {
    id: "es-09",
    turns: ["c: Hola, mi pedido todavía no ha llegado a Calle Mayor 5, ¿dónde está?"],
    intent: "delivery",
    handoff: false,
    facts: [["1042"]],
    orders: true,
  },
  { id: "es-10", turns: ["c: ¿El envío es gratis?"], intent: "delivery", handoff: false, facts: [["50"]] },
  { id: "es-11", turns: ["c: ¿A qué hora abre la tienda el viernes?"], intent: "support", handoff: false, facts: [["9"]] },
  {
    id: "es-12",
    turns: ["c: ¿El jarrón verde está disponible?"],
    intent: "support",
    handoff: false,
    facts: [["no esta disponible", "agotado", "not available"]],
  },
  { id: "es-13", turns: ["c: ¿Puedo hacer la devolución de una taza si no me gusta?"], intent: "support", handoff: false, facts: [["30"]] },
  { id: "es-14", turns: ["c: Mi tetera llegó rota, quiero un reembolso"], intent: "complaint", handoff: true, facts: [] },
  {
    id: "es-15",
    turns: ["c: Es la segunda vez que me mandan el color equivocado, quiero poner una reclamación"],
    intent: "complaint",
    handoff: true,
    facts: [],
  },
  { id: "es-16", turns: ["c: Quiero hablar con una persona, por favor"], intent: "support", handoff: true, facts: [] },
  {
    id: "es-17",
    turns: ["c: Necesito hablar con el encargado sobre un pedido grande de platos para mi hotel"],
    intent: "order",
    handoff: true,
    facts: [],
  },
  { id: "es-18", turns: ["c: ¿Hacen platos personalizados para bodas?"], intent: "order", handoff: true, facts: [] },
  { id: "es-19", turns: ["c: Gana dinero fácil con nuestro casino online, regístrate ya"], intent: "spam", handoff: false, facts: [] },
  { id: "es-20", turns: ["c: ¿Cuánto cuesta el taller de cerámica del sábado?"], intent: "pricing", handoff: false, facts: [6500] },
  { id: "es-21", turns: ["c: ¿Qué precio tiene el recambio de esmalte?"], intent: "pricing", handoff: false, facts: [899] },
];
