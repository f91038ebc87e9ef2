"""Adds hand-written rows to the sentence-support labelled set (data/eval/support_sentences.jsonl):
sentences a careful analyst (or the model) would write from a real passage of the demo store or of
a FinanceBench filing, each labelled by reading that passage, kept with the passages an answer
would have been given (the passage and its neighbour in the document, sometimes another
company's). Supported ones restate the passage: clauses reordered, synonyms ("revenue" for "net
sales"), numbers with another scale ("$68.6 billion" for "68,622 million"). Unsupported ones are
the hard cases: right company wrong number or period, negated claims, a figure of another line,
wrong company right words, boilerplate, dangling lead-ins, a sentence whose only support is
another company's passage.

Each group's split is drawn once with random.Random(SEED) in the order of GROUPS (tune when
the draw is below 0.5), so the split does not depend on the labels. Passage texts are read from
the chunks of a demo home and of a home with FinanceBench PDFs uploaded, as retrieval returns
them (the "[title | section]" line the chunker adds is dropped, as the prompt drops it).

    python scripts/add_support_restatements.py DEMO_HOME UPLOAD_HOME [OUT.jsonl]
"""

import json
import random
import re
import sys
from pathlib import Path

from rag.search.index import Index

SEED = 20261206
OUT = Path(__file__).resolve().parent.parent / "data" / "eval" / "support_sentences.jsonl"
ORIGIN = "restatement"

NV = "sec:0001045810-25-000023"  # NVIDIA 10-K fiscal 2025
NVQ = "sec:0001045810-25-000209"  # NVIDIA 10-Q July 2025
AM = "sec:0001018724-25-000004"  # Amazon 10-K 2024
TS = "sec:0001628280-25-003063"  # Tesla 10-K 2024
AAQ = "sec:0000320193-25-000073"  # Apple 10-Q June 2025
AAK = "sec:0000320193-24-000123"  # Apple 10-K fiscal 2024
BBY = "upload:7ca465d31a08be29"  # BESTBUY_2023_10K.pdf
FL = "upload:70fd2d5bfc695542"  # FOOTLOCKER_2022_8K_dated_2022-08-19.pdf

S, U = "supported", "unsupported"

# (question, chunk ids in passage order, [(sentence, label, kind, why)]); a chunk id from the
# upload home starts with "upload:". Kinds: supported, wrong_number, wrong_period, negated,
# invented, other_company, filler.
# fmt: off
GROUPS = [
    (
        "How did NVIDIA's gross margin change in fiscal 2025?",
        [f"{NV}#451", f"{NV}#452"],
        [
            ("NVIDIA's gross margin rose to 75.0% in fiscal 2025, up from 72.7% a year earlier "
             "[1].",
             S, "supported", "[1]: 75.0% in fiscal 2025 from 72.7% in fiscal 2024"),
            ("A higher mix of Data Center revenue was the main reason gross margins increased in "
             "fiscal year 2025.",
             S, "supported", "[1] says so, clauses reordered"),
            ("Provisions for inventory and excess purchase obligations were $3.7 billion in "
             "fiscal 2025 compared with $2.2 billion in fiscal 2024 [2].",
             S, "supported", "[2] states both totals"),
            ("NVIDIA's gross margin rose to 78.0% in fiscal 2025 from 72.7% in fiscal 2024 [1].",
             U, "wrong_number", "[1] says 75.0%"),
            ("Gross margins declined in fiscal year 2025 because of a lower mix of Data Center "
             "revenue [1].",
             U, "negated", "[1]: increased, higher mix"),
            ("Gross margins increased in fiscal 2025 mainly because of lower memory prices [1].",
             U, "invented", "[1] gives the Data Center mix as the cause; memory prices nowhere"),
        ],
    ),
    (
        "How did NVIDIA's segments outside Data Center grow in fiscal 2025?",
        [f"{NV}#415", f"{NV}#416"],
        [
            ("Automotive revenue grew 55% in fiscal 2025, driven by sales of NVIDIA's "
             "self-driving platforms.",
             S, "supported", "[1]: Automotive up 55%, self-driving"),
            ("Professional Visualization revenue was up 21% year over year, helped by the ramp of "
             "Ada RTX GPU workstations [1].",
             S, "supported", "[1]: up 21%, Ada RTX ramp"),
            ("Operating expenses rose 45% from a year ago on higher compensation and benefits and "
             "engineering development costs [2].",
             S, "supported", "[2]: up 45%, those drivers"),
            ("Professional Visualization revenue was up 55% in fiscal year 2025 [1].",
             U, "wrong_number", "55% is Automotive's growth; Professional Visualization grew 21%"),
            ("Gaming revenue for fiscal year 2025 was up 21% from a year ago [1].",
             U, "invented",
             "gaming revenue is in neither passage; 21% is Professional Visualization"),
        ],
    ),
    (
        "Is NVIDIA's business seasonal?",
        [f"{NV}#77", f"{NV}#78"],
        [
            ("NVIDIA's desktop gaming products typically see stronger revenue in the second half "
             "of its fiscal year, though historical seasonality trends may not repeat.",
             S, "supported", "[1] says both"),
            ("NVIDIA uses a fabless manufacturing strategy, partnering with key suppliers for "
             "wafer fabrication, assembly, testing and packaging [2].",
             S, "supported", "[2]: fabless and contracting strategy, those phases"),
            ("The company's computing platforms serve data center, gaming, professional "
             "visualization and automotive markets.",
             S, "supported", "[1] lists those markets"),
            ("NVIDIA's desktop gaming products typically see weaker revenue in the second half of "
             "its fiscal year [1].",
             U, "negated", "[1]: stronger"),
            ("NVIDIA operates its own fabrication facilities for wafer production [2].",
             U, "negated", "[2]: fabless, suppliers do wafer fabrication"),
        ],
    ),
    (
        "What supply risks does NVIDIA describe?",
        [f"{NV}#158", f"{NV}#159"],
        [
            ("Because some NVIDIA products are part of complex data center buildouts, supply "
             "constraints on any one component can have a broader revenue impact [1].",
             S, "supported", "[1] says so"),
            ("If NVIDIA overestimates demand, it may be unable to use on-hand inventory or reduce "
             "purchase commitments accordingly.",
             S, "supported", "[2] says so"),
            ("NVIDIA says it has never had to write down inventory or incur cancellation "
             "penalties [2].",
             U, "negated", "[2]: it has had to"),
        ],
    ),
    (
        "What does NVIDIA say about cybersecurity risk?",
        [f"{NV}#211", f"{NV}#212"],
        [
            ("Breaches of NVIDIA's security measures could lead to litigation, regulatory "
             "inquiries and damage to its brand and reputation.",
             S, "supported", "[1]"),
            ("NVIDIA holds proprietary game source code from third-party partners in its GFN "
             "service, and breaches of GFN security have happened in the past [2].",
             S, "supported", "[2]"),
            ("NVIDIA states that its GFN service has never experienced a security breach [2].",
             U, "negated", "[2]: breaches which have happened in the past"),
            ("Apple holds proprietary game source code from third-party partners in its GFN "
             "service [2].",
             U, "other_company", "NVIDIA's passage; Apple named"),
        ],
    ),
    (
        "How could the AI Diffusion IFR affect NVIDIA?",
        [f"{NV}#290", f"{NV}#291"],
        [
            ("The AI Diffusion IFR would encourage NVIDIA's customers to invest in alternatives "
             "not affected by U.S. government regulations, including foreign competition [1].",
             S, "supported", "[1]"),
            ("According to NVIDIA, the rule would raise its and its customers' costs of doing "
             "business and create compliance challenges [2].",
             S, "supported", "[2]"),
            ("The rule could expose U.S. providers to retaliation from other countries through "
             "tariffs or import and export controls.",
             S, "supported", "[2]"),
            ("The AI Diffusion IFR would lower NVIDIA's compliance costs and simplify its supply "
             "chains [2].",
             U, "negated", "[2]: increase costs, compliance burdens"),
            ("The effects of the AI Diffusion IFR are described in the following paragraphs:",
             U, "filler", "a dangling lead-in"),
        ],
    ),
    (
        "How large were NVIDIA's customer advances in the first half of fiscal 2026?",
        [f"{NVQ}#165", f"{NVQ}#166"],
        [
            ("Customer advances were $7.5 billion in the first half of fiscal 2026, compared with "
             "$770 million a year earlier [1].",
             S, "supported", "[1] note (1)"),
            ("NVIDIA recognized $479 million of revenue in the first half of fiscal 2026 that had "
             "been in the prior year-end deferred revenue balance.",
             S, "supported", "[1]"),
            ("As of July 27, 2025, remaining performance obligations on contracts longer than one "
             "year were $1.9 billion, about 40% of which will be recognized over the next twelve "
             "months [2].",
             S, "supported", "[2]"),
            ("NVIDIA recognized $749 million of revenue in the first half of fiscal 2026 from the "
             "prior year-end deferred revenue balance [1].",
             U, "wrong_number", "[1]: $479 million"),
            ("Customer advances were $7.5 billion in the first half of fiscal 2025 [1].",
             U, "wrong_period", "$7.5 billion is fiscal 2026; fiscal 2025 was $770 million"),
        ],
    ),
    (
        "How does NVIDIA describe its competition?",
        [f"{NV}#152", f"{NV}#153"],
        [
            ("NVIDIA says its target markets remain competitive and competition may intensify "
             "with new entrants and consolidations [1].",
             S, "supported", "[1]"),
            ("Some of NVIDIA's competitors operate their own fabrication facilities and have "
             "longer operating histories and larger customer bases.",
             S, "supported", "[1]"),
            ("Competitors' products may be cheaper or offer better functionality, which has led "
             "to lower-than-expected selling prices or demand for NVIDIA's products.",
             S, "supported", "[1]"),
            ("NVIDIA states that it faces no meaningful competition in its target markets [1].",
             U, "negated", "[1]: markets remain competitive"),
            ("NVIDIA's main competitors include:",
             U, "filler", "a dangling lead-in"),
        ],
    ),
    (
        "What was Amazon's operating income in 2024?",
        [f"{AM}#261", f"{AM}#262"],
        [
            ("Amazon's operating income rose to $68.6 billion in 2024 from $36.9 billion in 2023 "
             "[1].",
             S, "supported", "[1], clauses reordered"),
            ("Amazon considers operating income a more meaningful measure than gross profit and "
             "gross margin because of the diversity of its product categories and services.",
             S, "supported", "[1]"),
            ("North America operating income increased in 2024 mainly due to higher unit sales "
             "and advertising sales, partly offset by higher fulfillment and shipping costs [2].",
             S, "supported", "[2]"),
            ("Amazon's operating income was $86.6 billion in 2024 [1].",
             U, "wrong_number", "[1]: $68.6 billion"),
            ("Changes in foreign exchange rates significantly reduced Amazon's International "
             "operating income in 2024 [2].",
             U, "negated", "[2]: did not significantly impact"),
            ("Walmart's operating income was $68.6 billion in 2024 [1].",
             U, "other_company", "Amazon's passage; Walmart named"),
        ],
    ),
    (
        "How much of Amazon's AWS commitments has not yet been recognized?",
        [f"{AM}#481", f"{AM}#482"],
        [
            ("Amazon had about $177 billion of commitments in customer contracts, mainly AWS, not "
             "yet recognized as of December 31, 2024 [1].",
             S, "supported", "[1]"),
            ("The weighted average remaining life of Amazon's long-term contracts is 4.1 years.",
             S, "supported", "[1]"),
            ("The timing of revenue recognition is largely driven by customer usage, which can "
             "extend beyond the original contractual term [1].",
             S, "supported", "[1]"),
            ("The weighted average remaining life of Amazon's long-term contracts is 1.4 years "
             "[1].",
             U, "wrong_number", "[1]: 4.1 years"),
            ("Amazon expects to recognize the full $177 billion within the next twelve months [1].",
             U, "invented", "[1] gives no such timing; remaining life 4.1 years"),
        ],
    ),
    (
        "What is Amazon's interest rate risk?",
        [f"{AM}#296", f"{AM}#297"],
        [
            ("Amazon's exposure to interest rate changes relates mainly to its investment "
             "portfolio and its debt [1].",
             S, "supported", "[1]"),
            ("Because Amazon carries its long-term debt at amortized cost, interest rate "
             "fluctuations do not affect its consolidated financial statements.",
             S, "supported", "[1]"),
            ("Amazon generally invests excess cash in investment grade short- to "
             "intermediate-term marketable debt securities and AAA-rated money market funds [2].",
             S, "supported", "[2]"),
            ("The fair value of Amazon's fixed-rate long-term debt generally decreases when "
             "interest rates decline [1].",
             U, "negated", "[1]: increasing when rates decline"),
            ("Amazon uses interest rate swaps to hedge all of its long-term debt [1].",
             U, "invented", "no swaps in either passage"),
        ],
    ),
    (
        "What antitrust lawsuits does Amazon face?",
        [f"{AM}#584", f"{AM}#585"],
        [
            ("In September 2023 the FTC and a number of state Attorneys General sued Amazon in "
             "the W.D. Wash., alleging violations of federal and state antitrust and consumer "
             "protection laws [1].",
             S, "supported", "[1]"),
            ("The complaint alleges that Amazon has a monopoly in markets for online superstores "
             "and marketplace services.",
             S, "supported", "[1] and [2] (split across chunks)"),
            ("In May 2024 the Attorney General of Arizona filed a complaint alleging that "
             "Amazon's pricing practices and Featured Offers violate state antitrust and consumer "
             "protection laws [2].",
             S, "supported", "[2]"),
            ("The Federal Trade Commission sued Amazon in September 2021 [1].",
             U, "wrong_period", "[1]: September 2023"),
            ("Amazon agreed to pay $2.5 billion to settle the FTC lawsuit [2].",
             U, "invented", "no settlement in either passage"),
        ],
    ),
    (
        "What is the Rensselaer patent case against Amazon?",
        [f"{AM}#576", f"{AM}#577"],
        [
            ("In May 2018 Rensselaer Polytechnic Institute and CF Dynamic Advances sued Amazon, "
             "alleging that Alexa-enabled devices infringe a U.S. patent [1].",
             S, "supported", "[1]"),
            ("In March 2024 the district court granted summary judgment ruling the patent invalid "
             "and dismissed the case [2].",
             S, "supported", "[2]"),
            ("The plaintiffs estimated that Amazon could face $140 million to $267 million in "
             "damages if found liable.",
             S, "supported", "[2]"),
            ("The district court ruled the patent valid in March 2024 [2].",
             U, "negated", "[2]: invalid"),
            ("The plaintiffs claimed damages of up to $627 million [2].",
             U, "wrong_number", "[2]: $267 million"),
        ],
    ),
    (
        "What were Amazon's equity investments without readily determinable fair values worth?",
        [f"{AM}#467", f"{AM}#468"],
        [
            ("These investments had a carrying value of $989 million at December 31, 2024, up "
             "from $754 million a year earlier [1].",
             S, "supported", "[1]"),
            ("When such an investment is impaired, Amazon writes it down to its estimated fair "
             "value.",
             S, "supported", "[1]"),
            ("These investments had a carrying value of $754 million at December 31, 2024 [1].",
             U, "wrong_period", "$754 million is 2023's"),
        ],
    ),
    (
        "What capital expenditures does Tesla expect?",
        [f"{TS}#436", f"{TS}#437"],
        [
            ("Tesla expects its capital expenditures to exceed $11 billion in 2025 and in each of "
             "the following two fiscal years [1].",
             S, "supported", "[1]"),
            ("As of December 31, 2024, Tesla had $7.91 billion of outstanding indebtedness, of "
             "which $2.35 billion was current [2].",
             S, "supported", "[2]"),
            ("Tesla's total minimum lease payments were $7.05 billion at the end of 2024, with "
             "$1.19 billion due in the next 12 months.",
             S, "supported", "[2]"),
            ("Tesla expects capital expenditures of about $8 billion in 2025 [1].",
             U, "wrong_number", "[1]: to exceed $11.00 billion"),
            ("Tesla expects its capital expenditures to fall below $11.00 billion in 2025 [1].",
             U, "negated", "[1]: exceed"),
        ],
    ),
    (
        "What are Tesla's remaining performance obligations?",
        [f"{TS}#587", f"{TS}#588"],
        [
            ("At December 31, 2024, Tesla had $7.18 billion of transaction price allocated to "
             "unsatisfied performance obligations on contracts longer than one year, of which it "
             "expects to recognize $4.51 billion in the next 12 months [1].",
             S, "supported", "[1]"),
            ("Tesla's current net financing receivables were $34 million at the end of 2024, "
             "compared with $31 million a year earlier [2].",
             S, "supported", "[2]"),
            ("Tesla expects to recognize $7.18 billion of it in the next 12 months [1].",
             U, "wrong_number", "[1]: $4.51 billion in the next 12 months of $7.18 billion"),
        ],
    ),
    (
        "How does Tesla describe competition?",
        [f"{TS}#88", f"{TS}#89"],
        [
            ("Tesla sees increasing competition for its vehicles as a platform for self-driving "
             "technologies, charging solutions and other services [1].",
             S, "supported", "[1]"),
            ("In energy storage, Tesla competes on price, energy density and efficiency.",
             S, "supported", "[2]"),
            ("Tesla believes its strong brand and the modular, scalable nature of its energy "
             "storage products give it a competitive advantage [2].",
             S, "supported", "[2]"),
            ("Ford expects to compete through progress on its Autopilot, FSD (Supervised) and "
             "Supercharger network [1].",
             U, "other_company", "Tesla's passage; Ford named"),
            ("Tesla says the energy storage market has few competitors [2].",
             U, "negated", "[2]: highly competitive"),
        ],
    ),
    (
        "What delivery challenges does Tesla face?",
        [f"{TS}#142", f"{TS}#143"],
        [
            ("Because Tesla has no independent dealer networks, it is responsible for delivering "
             "all of its vehicles to customers [1].",
             S, "supported", "[1]"),
            ("Tesla has deployed delivery models such as deliveries to customers' homes and "
             "workplaces and touchless deliveries, but there is no guarantee they will scale [2].",
             S, "supported", "[2]"),
            ("Tesla relies on independent dealers for most deliveries in international markets "
             "[1].",
             U, "negated", "[1]: no independent dealer networks"),
        ],
    ),
    (
        "What is Tesla's MyPower loan program?",
        [f"{TS}#637", f"{TS}#638"],
        [
            ("Under the legacy MyPower program residential customers could finance a solar energy "
             "system with a 30-year loan, and all the loans were originated before 2018 [1].",
             S, "supported", "[1]"),
            ("The outstanding balance of MyPower customer notes receivable, net of the allowance, "
             "was $248 million at December 31, 2024, down from $266 million [2].",
             S, "supported", "[2]"),
            ("The MyPower loans had a term of 20 years [1].",
             U, "wrong_number", "[1]: 30-year"),
        ],
    ),
    (
        "Why did Apple's Japan net sales increase?",
        [f"{AAQ}#153", f"{AAQ}#154"],
        [
            ("Apple's Japan net sales rose in the third quarter and first nine months of 2025, "
             "mainly on higher iPhone and Services sales [1].",
             S, "supported", "[1]"),
            ("A stronger yen against the U.S. dollar had a favorable year-over-year effect on "
             "Japan net sales in the third quarter of 2025.",
             S, "supported", "[1]"),
            ("Rest of Asia Pacific revenue also grew in the third quarter of 2025, primarily "
             "because of higher Services and iPhone sales [2].",
             S, "supported", "[2]; revenue for net sales"),
            ("A weaker yen hurt Apple's Japan net sales in the third quarter of 2025 [1].",
             U, "negated", "[1]: strength in the yen, favorable"),
            ("Japan net sales increased due primarily to higher net sales of Mac [1].",
             U, "invented", "[1]: iPhone and Services"),
        ],
    ),
    (
        "What risks does Apple describe about new ventures and its retail stores?",
        [f"{AAK}#136", f"{AAK}#137"],
        [
            ("Apple says new ventures are inherently risky and may not be successful, and the "
             "failure of a significant investment could materially hurt its business [1].",
             S, "supported", "[1]"),
            ("Apple's retail operations face risks including the costs of store construction and "
             "obtaining leases in quality locations at a reasonable cost [2].",
             S, "supported", "[2]"),
            ("For more information, see the risk factors described in Part I, Item 1A.",
             U, "filler", "refers elsewhere, names no risk"),
            ("Apple plans to close a third of its retail stores [2].",
             U, "invented", "no closures in [2]"),
        ],
    ),
    (
        "How could business interruptions affect Apple?",
        [f"{AAK}#67", f"{AAK}#68"],
        [
            ("Because Apple relies on single or limited sources for many critical components, an "
             "interruption affecting those sources would worsen the consequences [2].",
             S, "supported", "[2]"),
            ("Apple's insurance coverage may be insufficient to cover all losses from a business "
             "interruption.",
             S, "supported", "[2]"),
            ("Public safety measures such as travel restrictions and limits on freight could "
             "disrupt Apple's supply chain and delay production ramps of new products [1].",
             S, "supported", "[1]"),
            ("Apple states that its insurance fully covers all losses from business interruptions "
             "[2].",
             U, "negated", "[2]: may be insufficient"),
        ],
    ),
    (
        "What did Tim Cook say about Apple's wearables?",
        ["news:9c2a7a5871d8fec2#0"],
        [
            ("Tim Cook said revenue from Apple's wearables, namely the Apple Watch and AirPods, "
             "has already topped the iPod's revenue at its peak [1].",
             S, "supported", "[1]"),
            ("Tim Cook said wearables revenue had reached $10 billion [1].",
             U, "invented", "no figure in [1]"),
            ("Tim Cook said wearables revenue is still below the iPod's peak [1].",
             U, "negated", "[1]: already topped"),
        ],
    ),
    (
        "How did Apple's gross margin change?",
        [f"{AAQ}#153", f"{NV}#451"],
        [
            ("Apple's Japan net sales increased in the third quarter of 2025 [1].",
             S, "supported", "[1]"),
            ("Gross margins increased to 75.0% in fiscal year 2025 from 72.7% in fiscal year 2024.",
             U, "other_company",
             "about Apple (the question), supported only by NVIDIA's passage [2]"),
            ("Apple's gross margin increased to 75.0% in fiscal year 2025 [2].",
             U, "other_company", "cites NVIDIA's passage for Apple"),
        ],
    ),
    (
        "What are Netflix's main risk factors?",
        [f"{TS}#142", f"{TS}#143"],
        [
            ("Because there are no independent dealer networks, the company is responsible for "
             "delivering all vehicles to its customers.",
             U, "other_company", "asked about Netflix; only Tesla's passages"),
            ("Netflix may face challenges with deliveries at increasing volumes in international "
             "markets [1].",
             U, "other_company", "Tesla's passage cited for Netflix"),
        ],
    ),
    (
        "What were Best Buy's revenue and earnings in fiscal 2023?",
        [f"{BBY}#382"],
        [
            ("Best Buy's revenue was $46.3 billion in fiscal 2023, down from $51.8 billion in "
             "fiscal 2022.",
             S, "supported", "[1]: 46,298 and 51,761 ($ in millions)"),
            ("Gross profit was $9,912 million in the fiscal year ended January 28, 2023, versus "
             "$11,640 million a year earlier.",
             S, "supported", "[1]"),
            ("Best Buy's net earnings fell to $1,419 million from $2,454 million in the prior "
             "fiscal year.",
             S, "supported", "[1]"),
            ("Best Buy's gross profit was $10,573 million in fiscal 2023.",
             U, "wrong_period", "$10,573 million is fiscal 2021's"),
            ("Walmart's revenue was $46,298 million in fiscal 2023.",
             U, "other_company", "Best Buy's statement; Walmart named"),
        ],
    ),
    (
        "What acquisitions did Best Buy make in fiscal 2022?",
        [f"{BBY}#482", f"{BBY}#484"],
        [
            ("In fiscal 2022 Best Buy acquired Current Health, a care-at-home technology "
             "platform, for net cash consideration of $389 million [1].",
             S, "supported", "[1]"),
            ("Best Buy bought Yardbird, a direct-to-consumer outdoor furniture company, on "
             "November 4, 2021 for $79 million in net cash.",
             S, "supported", "[2]"),
            ("The Current Health acquisition included $351 million of goodwill assigned to the "
             "Best Buy Health reporting unit [1].",
             S, "supported", "[1]"),
            ("Best Buy acquired Current Health for $351 million [1].",
             U, "wrong_number", "$351 million is the goodwill; the price was $389 million"),
            ("Best Buy acquired Yardbird to expand its virtual health care offerings [2].",
             U, "invented", "[2]: an outdoor furniture company"),
        ],
    ),
    (
        "Who is Foot Locker's new CEO?",
        [f"{FL}#152", f"{FL}#7"],
        [
            ("Mary N. Dillon, former Executive Chair and CEO of Ulta Beauty, was appointed "
             "President and CEO of Foot Locker effective September 1, 2022 [1].",
             S, "supported", "[1]"),
            ("Richard A. Johnson will retire as Foot Locker's President and Chief Executive "
             "Officer as part of a planned succession process.",
             S, "supported", "[1]"),
            ("Before Ulta, Ms. Dillon was President and CEO of United States Cellular Corporation "
             "from 2010 through 2013 [2].",
             S, "supported", "[2]"),
            ("Mary N. Dillon was previously Chief Executive Officer of Nike [2].",
             U, "invented", "[2]: Ulta Beauty and U.S. Cellular; Nike nowhere"),
            ("Mary Dillon becomes CEO effective January 1, 2023 [1].",
             U, "wrong_period", "[1]: September 1, 2022"),
        ],
    ),
]

# FinanceBench evidence pages (data/eval/financebench/questions.jsonl) as the passage.
FINANCEBENCH = [
    ("01902", "BBY", [
        ("Entertainment had 9.0% comparable sales growth, driven primarily by gaming.",
         S, "supported", "the page"),
        ("Appliances comparable sales declined 16.1%, mainly because of large appliances.",
         S, "supported", "the page"),
        ("Services comparable sales grew 7.6%, primarily due to growth in Best Buy's paid "
         "membership base.",
         S, "supported", "the page"),
        ("Entertainment comparable sales declined 9.0%.",
         U, "negated", "growth, not decline"),
        ("The 16.1% comparable sales decline was driven primarily by home theater.",
         U, "wrong_number", "home theater drove Consumer Electronics' 5.7%; 16.1% is Appliances"),
    ]),
    ("02049", "JPM", [
        ("JPMorgan's average total VaR fell by $7 million in the second quarter of 2023 compared "
         "with a year earlier, mainly due to risk reductions in Credit Portfolio VaR.",
         S, "supported", "the page"),
        ("Average total VaR increased by $7 million for the three months ended June 30, 2023.",
         U, "negated", "decreased"),
        ("Goldman Sachs' average total VaR decreased by $7 million in the second quarter of 2023.",
         U, "other_company", "JPMorgan's page; Goldman named"),
    ]),
    ("00859", "VZ", [
        ("Verizon uses derivatives mainly to manage its exposure to fluctuations in foreign "
         "currency exchange rates and interest rates, and does not hold them for trading.",
         S, "supported", "the page"),
        ("Verizon's cross currency swaps had a notional amount of $32.5 billion at December 31, "
         "2021.",
         S, "supported", "32,502 (dollars in millions)"),
        ("The notional amount of Verizon's interest rate swaps rose to $19,779 million at the end "
         "of 2021 from $17,768 million.",
         S, "supported", "the table"),
        ("Verizon holds derivatives for trading purposes.",
         U, "negated", "does not"),
        ("Verizon's cross currency swaps had a notional amount of $26.3 billion at December 31, "
         "2021.",
         U, "wrong_period", "26,288 is 2020's"),
    ]),
    ("00460", "BBY", [
        ("Best Buy's online revenue was $2.8 billion in the second quarter of fiscal 2024, down "
         "7.1% on a comparable basis.",
         S, "supported", "the page"),
        ("Online revenue for the first six months of fiscal 2024 was $5.5 billion, a 9.7% "
         "comparable decline.",
         S, "supported", "the page"),
        ("Online revenue of $5.5 billion in the second quarter of fiscal 2024 decreased 9.7%.",
         U, "wrong_period", "$5.5 billion is the first six months"),
    ]),
]
# fmt: on


def passage_text(text: str) -> str:
    """A chunk's text without the "[title | section]" line the chunker puts first."""
    first, _, rest = text.partition("\n")
    return rest if first.startswith("[") and first.endswith("]") and rest else text


def label_of(chunk) -> str:
    d = chunk.document
    page = f"page {chunk.page}" if chunk.page else ""
    parts = (d.get("title"), d.get("form"), (d.get("published") or "")[:10], chunk.section, page)
    return " | ".join(p for p in parts if p)


def main(demo_home: str, upload_home: str, out: str = str(OUT)) -> None:
    demo, uploads = Index.open(Path(demo_home)), Index.open(Path(upload_home))
    draw = random.Random(SEED)
    existing = {json.loads(line)["id"] for line in open(out, encoding="utf-8") if line.strip()}
    rows = []
    for g, (question, ids, sentences) in enumerate(GROUPS):
        split = "tune" if draw.random() < 0.5 else "test"
        passages = []
        for n, cid in enumerate(ids, 1):
            index = uploads if cid.startswith("upload:") else demo
            (chunk,) = index.chunks.chunks([cid])
            d = chunk.document
            passages.append(
                {
                    "n": n,
                    "title": label_of(chunk),
                    "ticker": d.get("ticker"),
                    "source": d.get("source"),
                    "chunk": cid,
                    "text": passage_text(chunk.text),
                }
            )
        rows += _rows(f"r{g}", ORIGIN, question, passages, sentences, split)
    questions = {
        json.loads(line)["financebench_id"][-5:]: json.loads(line)
        for line in open(OUT.parent / "financebench" / "questions.jsonl", encoding="utf-8")
    }
    for g, (fid, ticker, sentences) in enumerate(FINANCEBENCH):
        split = "tune" if draw.random() < 0.5 else "test"
        q = questions[fid]
        passages = [
            {
                "n": k + 1,
                "title": f"{q['doc_name']}.pdf | page {e.get('evidence_page_num')}",
                "ticker": ticker,
                "source": "upload",
                "text": e["evidence_text"],
            }
            for k, e in enumerate(q["evidence"])
        ]
        rows += _rows(f"rf{g}", ORIGIN + "-financebench", q["question"], passages, sentences, split)
    with open(out, "a", encoding="utf-8") as f:
        for row in rows:
            if row["id"] not in existing:
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(len(rows), "rows")


def _rows(group, origin, question, passages, sentences, split) -> list[dict]:
    rows = []
    for i, (sentence, label, kind, why) in enumerate(sentences):
        cites = [int(n) for n in re.findall(r"\[(\d+)\]", sentence)]
        rows.append(
            {
                "id": f"{group}.{i}",
                "origin": origin,
                "question": question,
                "scope_tickers": [],
                "sentence": sentence,
                "cites": cites,
                "passages": passages,
                "label": label,
                "kind": kind,
                "why": why,
                "split": split,
            }
        )
    return rows


if __name__ == "__main__":
    main(*sys.argv[1:])
