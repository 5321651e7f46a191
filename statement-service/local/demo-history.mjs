// Demo history of hanako for ./anshin up, made through the real RPCs, as the systems around the issuer would make it:
//   - three closed cycles: the clearing system posts each purchase with its use date (PostTransaction, role clearing;
//     purchases cleared without an authorization, as recurring and offline charges are), the billing batch closes each
//     cycle (CloseCycle, role billing) and reports the bank debit of each statement whose payment date has passed
//     (RecordPayment: paid). One purchase in 6 instalments (lines on all three statements), one revolving (its
//     monthly payment on the last two);
//   - the open cycle: purchases approved by card-control (Authorize, role card-network, with the numberless card's
//     details hanako reveals in the app), which card-control's outbox relay records at statement-service as pending
//     items; two of them then cleared (PostTransaction with their authorization ids), two left pending; and one
//     subscription cleared without an authorization.
// Every call carries a fixed id (clearing record, authorization, payment) and CloseCycle of a closed cycle changes
// nothing, so running this again (an ./anshin up stopped half way) makes nothing twice; ./anshin runs it once and then
// leaves a marker in .anshin/data.
//
// node statement-service/local/demo-history.mjs   with, in the environment:
//   ANSHIN_BUF (the buf binary), ANSHIN_PROTO (proto/), ANSHIN_MEMBER (hanako's id), ANSHIN_MEMBER_TOKEN (her two-step
//   token), ANSHIN_CLEARING_TOKEN, ANSHIN_BILLING_TOKEN, ANSHIN_NETWORK_TOKEN; optional ANSHIN_CARD_CONTROL,
//   ANSHIN_STATEMENT (base URLs; default 127.0.0.1:8081 and :8084).
// Or: node demo-history.mjs --plan [ISO instant]   prints the plan for that moment (no calls), to check the dates.
import { execFileSync } from "node:child_process";

const DAY = 86_400_000;
const JST = 9 * 3_600_000;

// --- dates, in Japan time -------------------------------------------------------------------------------------

/** The Japan calendar date {y, m, d} of an instant (ms). */
const jstDate = ms => {
  const t = new Date(ms + JST);
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
};
/** The instant (ms) of a Japan date and time. */
const jstInstant = (date, hour = 0, minute = 0) => Date.UTC(date.y, date.m - 1, date.d, hour, minute) - JST;
const addMonths = (date, n) => {
  const t = new Date(Date.UTC(date.y, date.m - 1 + n, date.d));
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
};
const addDays = (date, n) => jstDate(jstInstant(date, 12) + n * DAY);
const iso = ms => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
const text = date => `${date.y}-${String(date.m).padStart(2, "0")}-${String(date.d).padStart(2, "0")}`;
const calendarDate = date => ({ year: date.y, month: date.m, day: date.d });

/** The last cycle that has ended by `now`: a 10th whose day is over in Japan. */
const lastClosingDate = now => {
  const today = jstDate(now);
  const thisMonth = { y: today.y, m: today.m, d: 10 };
  return today.d > 10 ? thisMonth : addMonths(thisMonth, -1);
};

// --- what hanako did ------------------------------------------------------------------------------------------

const VISA = "visa", JCB = "jcb";

/**
 * The plan for `now` (ms): the three closed cycles (oldest first) with their purchases, each on a day of its cycle
 * (days after the previous close), and the open cycle's purchases.
 */
export function plan(now) {
  const last = lastClosingDate(now);
  const closings = [addMonths(last, -2), addMonths(last, -1), last];
  const purchases = [
    [ // the oldest cycle
      { day: 2, hour: 8, card: VISA, merchant: "ローソン 新宿三丁目店", amount: 1280 },
      { day: 6, hour: 21, card: JCB, merchant: "Amazon.co.jp", amount: 4980 },
      { day: 12, hour: 14, card: VISA, merchant: "ヨドバシカメラ マルチメディア梅田", amount: 89800, method: "INSTALLMENTS", installments: 6 },
      { day: 18, hour: 10, card: VISA, merchant: "東京電力エナジーパートナー", amount: 8420 },
      { day: 25, hour: 19, card: JCB, merchant: "スターバックス コーヒー 銀座マロニエ通り店", amount: 620 },
    ],
    [
      { day: 3, hour: 12, card: VISA, merchant: "ユニクロ 池袋東口店", amount: 5990 },
      { day: 9, hour: 7, card: JCB, merchant: "JR東日本 モバイルSuica", amount: 12340 },
      { day: 15, hour: 16, card: VISA, merchant: "ニトリ 幕張新都心店", amount: 54000, method: "REVOLVING" },
      { day: 18, hour: 10, card: VISA, merchant: "東京電力エナジーパートナー", amount: 7310 },
      { day: 27, hour: 20, card: JCB, merchant: "楽天市場", amount: 3210 },
    ],
    [
      { day: 1, hour: 9, card: JCB, merchant: "セブン-イレブン 渋谷道玄坂店", amount: 980 },
      { day: 8, hour: 18, card: VISA, merchant: "ENEOS 世田谷SS", amount: 6100 },
      { day: 14, hour: 11, card: JCB, merchant: "NETFLIX.COM", amount: 1490 },
      { day: 18, hour: 10, card: VISA, merchant: "東京電力エナジーパートナー", amount: 6880 },
      { day: 24, hour: 13, card: JCB, merchant: "マツモトキヨシ 新宿東口店", amount: 2380 },
    ],
  ];
  const cycles = closings.map((closing, i) => {
    const opened = addDays(addMonths(closing, -1), 1);
    return {
      closing,
      posts: purchases[i].map((p, k) => ({
        ...p,
        clearingId: `demo-clr-${text(closing)}-${k + 1}`,
        usedAt: jstInstant(addDays(opened, p.day - 1), p.hour, 17 + 7 * k),
      })),
    };
  });
  // The open cycle: a subscription cleared on its second day (if that has passed), then approvals made now.
  const opened = addDays(last, 1);
  const key = text(addMonths(last, 1));
  const subscriptionAt = jstInstant(addDays(opened, 1), 6, 0);
  const open = {
    closing: addMonths(last, 1),
    posts: subscriptionAt < now ? [{ card: JCB, merchant: "Spotify", amount: 980, usedAt: subscriptionAt,
      clearingId: `demo-clr-${key}-1` }] : [],
    approvals: [
      { id: `demo-auth-${key}-1`, merchant: "マツモトキヨシ 新宿東口店", amount: 2380, mcc: "5912", channel: "CHANNEL_IN_STORE",
        clearingId: `demo-clr-${key}-2` },
      { id: `demo-auth-${key}-2`, merchant: "Amazon.co.jp", amount: 3980, mcc: "5942", channel: "CHANNEL_ONLINE",
        clearingId: `demo-clr-${key}-3` },
      { id: `demo-auth-${key}-3`, merchant: "スターバックス コーヒー 新宿南口店", amount: 650, mcc: "5814", channel: "CHANNEL_IN_STORE" },
      { id: `demo-auth-${key}-4`, merchant: "タイムズ 新宿三丁目第2", amount: 1200, mcc: "7523", channel: "CHANNEL_IN_STORE" },
    ],
  };
  return { cycles, open };
}

// --- the calls --------------------------------------------------------------------------------------------------

function call(base, method, token, body) {
  const args = ["curl", "--schema", process.env.ANSHIN_PROTO, "--protocol", "grpc", "--http2-prior-knowledge",
    "-H", `Authorization: Bearer ${token}`, "-d", JSON.stringify(body), `${base}/${method}`];
  try {
    const out = execFileSync(process.env.ANSHIN_BUF, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    return out.trim() ? JSON.parse(out) : {};
  } catch (e) {
    // buf prints the gRPC status as JSON on stderr; never the request (it may hold a card number).
    throw new Error(`${method.split("/").pop()} failed: ${(e.stderr || e.message || "").toString().trim()}`);
  }
}

const brandName = brand => brand.replace("CARD_BRAND_", "");

function seed() {
  const cardControl = process.env.ANSHIN_CARD_CONTROL || "http://127.0.0.1:8081";
  const statement = process.env.ANSHIN_STATEMENT || "http://127.0.0.1:8084";
  const member = process.env.ANSHIN_MEMBER;
  const memberToken = process.env.ANSHIN_MEMBER_TOKEN;
  const clearing = process.env.ANSHIN_CLEARING_TOKEN;
  const billing = process.env.ANSHIN_BILLING_TOKEN;
  const network = process.env.ANSHIN_NETWORK_TOKEN;
  const now = Date.now();
  const { cycles, open } = plan(now);

  // Her cards, as the app shows them.
  const cards = call(cardControl, "anshin.cardcontrol.v1.CardControlService/ListCards", memberToken, {}).cards || [];
  const visa = cards.find(c => c.brand === "CARD_BRAND_VISA");
  const jcb = cards.find(c => c.brand === "CARD_BRAND_JCB" && c.numberless);
  if (!visa || !jcb) throw new Error("hanako's demo cards (VISA, numberless JCB) are not there");
  const masked = { [VISA]: visa, [JCB]: jcb };
  const maskedCard = which => ({ cardId: masked[which].id, brand: brandName(masked[which].brand), last4: masked[which].last4 });

  const post = p => call(statement, "anshin.statement.v1.StatementService/PostTransaction", clearing, {
    transactionId: p.clearingId, authorizationId: p.authorizationId || "", memberId: { value: member },
    card: maskedCard(p.card), merchantName: p.merchant, amount: { amount: String(p.amount) },
    paymentMethod: p.method ? `PAYMENT_METHOD_${p.method}` : "PAYMENT_METHOD_LUMP_SUM",
    installmentCount: p.installments || 0, usedAt: iso(p.usedAt),
  });

  for (const cycle of cycles) {
    cycle.posts.forEach(post);
    const closed = call(statement, "anshin.statement.v1.StatementService/CloseCycle", billing,
      { closingDate: calendarDate(cycle.closing) });
    console.error(`  cycle closing ${text(cycle.closing)}: ${cycle.posts.length} purchases posted, `
      + (closed.changed ? `closed (${closed.statementsCreated || 0} statements)` : "closed already"));
  }

  // The bank debits of the statements whose payment date has passed: paid.
  const statements = call(statement, "anshin.statement.v1.StatementService/ListStatements", memberToken, {}).statements || [];
  const today = text(jstDate(now));
  for (const s of statements) {
    const paymentDate = text({ y: s.paymentDate.year, m: s.paymentDate.month, d: s.paymentDate.day });
    if (paymentDate < today && s.paymentStatus !== "PAYMENT_STATUS_PAID") {
      call(statement, "anshin.statement.v1.StatementService/RecordPayment", billing,
        { paymentId: `demo-payment-${s.id}`, statementId: s.id, result: "PAYMENT_RESULT_PAID" });
      console.error(`  statement of ${paymentDate}: paid`);
    }
  }

  // The open cycle: approvals at card-control with the numberless card's details (revealed as the app does).
  open.posts.forEach(post);
  const details = call(cardControl, "anshin.cardcontrol.v1.CardControlService/RevealCardCredentials", memberToken,
    { cardId: jcb.id });
  let approved = 0;
  for (const a of open.approvals) {
    const decision = call(cardControl, "anshin.cardcontrol.v1.AuthorizationService/Authorize", network, {
      authorizationId: a.id, cardNumber: details.cardNumber, expiry: details.expiry,
      securityCode: a.channel === "CHANNEL_ONLINE" ? details.securityCode : "",
      amount: { amount: String(a.amount) }, merchantName: a.merchant, merchantCategoryCode: a.mcc, merchantCountry: "JP",
      channel: a.channel, requestedAt: iso(Date.now()),
    });
    if (decision.decision !== "DECISION_APPROVED") {
      console.error(`  ${a.merchant}: ${decision.decision} ${decision.declineReason || ""}`);
      continue;
    }
    approved++;
    if (a.clearingId) {
      // The clearing record of an approved purchase; card-control's relay brings the approval itself.
      post({ clearingId: a.clearingId, authorizationId: a.id, card: JCB, merchant: a.merchant, amount: a.amount,
        usedAt: Date.parse(decision.decidedAt) });
    }
  }
  console.error(`  open cycle: ${open.posts.length + open.approvals.filter(a => a.clearingId).length} posted, `
    + `${open.approvals.filter(a => !a.clearingId).length} pending (${approved} of ${open.approvals.length} approved)`);
}

if (process.argv[2] === "--plan") {
  const now = process.argv[3] ? Date.parse(process.argv[3]) : Date.now();
  const { cycles, open } = plan(now);
  for (const c of cycles) {
    console.log(`closing ${text(c.closing)}`);
    c.posts.forEach(p => console.log(`  ${new Date(p.usedAt + JST).toISOString().slice(0, 16)} JST  ${p.clearingId}  ${p.amount}  ${p.method || "LUMP_SUM"}  ${p.merchant}`));
  }
  console.log(`open cycle, closing ${text(open.closing)}`);
  open.posts.forEach(p => console.log(`  ${new Date(p.usedAt + JST).toISOString().slice(0, 16)} JST  ${p.clearingId}  ${p.amount}  ${p.merchant}`));
  open.approvals.forEach(a => console.log(`  now  ${a.id}  ${a.amount}  ${a.clearingId ? "posted" : "pending"}  ${a.merchant}`));
} else {
  try {
    seed();
  } catch (e) {
    console.error(`anshin: demo history: ${e.message}`);
    process.exit(1);
  }
}
