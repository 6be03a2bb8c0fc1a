/**
 * Synthetic chat messages for the search benchmark: a seeded generator (the same run every time) of
 * Portuguese-ish sentences whose word frequencies follow Zipf's law, as real chat vocabularies do:
 * a few words ("a", "de", "que") in nearly every message, most in very few.
 */

/** mulberry32: small, fast, good enough for picking words. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COMMON = `a de que o e do da em um para é com não uma os no se na por mais as dos como mas foi ao ele das tem à seu sua ou
ser quando muito há nos já está eu também só pelo pela até isso ela entre era depois sem mesmo aos ter seus quem nas me esse eles
estão você tinha foram essa num nem suas meu às minha têm numa pelos elas havia seja qual será nós tenho lhe deles essas esses pelas
este fosse dele tu te vocês vos lhes meus minhas teu tua teus tuas nosso nossa nossos nossas dela delas esta estes estas aquele
olá obrigado obrigada bom dia boa tarde noite encomenda pedido entrega envio morada pagamento fatura recibo preço desconto loja
bule azul caneca prato taça vaso chávena azulejo cerâmica tamanho cor disponível stock amanhã hoje semana horário aberto fechado
devolução troca reembolso cartão transferência mbway multibanco portes grátis código rastreio transportadora chegou partida
hello thanks order delivery price hola gracias pedido envío`.split(/\s+/);

const SYLLABLES =
  "ba be bi bo bu ca ce ci co cu da de di do du fa fe fi fo fu ga ge gi go gu la le li lo lu ma me mi mo mu na ne ni no nu pa pe pi po pu ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo vu ção ões ão nha lho que".split(
    " ",
  );

/** The vocabulary, most frequent first: real common words, then made-up ones to fill out the long tail. */
export function vocabulary(size: number, random: () => number): string[] {
  const words = new Set(COMMON);
  while (words.size < size) {
    const n = 2 + Math.floor(random() * 3);
    let w = "";
    for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
    words.add(w);
  }
  return [...words];
}

/** Picks ranks with probability ∝ 1/rank^s by inverting a precomputed cumulative table. */
export function zipf(size: number, s: number, random: () => number): () => number {
  const cdf = new Float64Array(size);
  let sum = 0;
  for (let r = 0; r < size; r++) cdf[r] = sum += 1 / (r + 1) ** s;
  return () => {
    const x = random() * sum;
    let lo = 0;
    let hi = size - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cdf[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

export function sentence(words: string[], pick: () => number, random: () => number): string {
  const length = 3 + Math.floor(random() * random() * 28);
  const out: string[] = [];
  for (let i = 0; i < length; i++) out.push(words[pick()]!);
  const text = out.join(" ");
  return `${text[0]!.toUpperCase()}${text.slice(1)}${random() < 0.3 ? "?" : "."}`;
}
