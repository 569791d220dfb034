"""Request templates whose numbers are in the request (or come from the user): arithmetic,
percentages, unit conversions, averages, interest, date arithmetic, questions only the user
can answer, and direct replies with no tool.

Each template is `fn(rng) -> Draft`. Many phrasings per intent (questions and instructions,
number formats such as "3,400", "12.5 percent", "a dozen"), so a planner learns the intent,
not the sentence.

>>> import random
>>> d = percent_of(random.Random(1))
>>> d.steps[0].tool, d.value is not None
('calculate_number', True)
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from gba.numbers import fmt_value
from gba.simulation.draft import Draft, OracleStep, fmt_num, pick, tasks
from gba.tools.units import convert


def _calc(task_options: list[str], code: str, value: float, known: str, inputs: list[float],
          **values) -> OracleStep:
    return OracleStep(tool="calculate_number", tasks=tasks(task_options, **values), code=code,
                      value=value, inputs=inputs, known=known, check=fmt_value(value))


def mul_add(rng: random.Random) -> Draft:
    a, b, c = rng.randint(3, 99), rng.randint(3, 99), rng.randint(1, 500)
    request = pick(rng, ["What is {a} times {b}, plus {c}?", "Compute {a} × {b} + {c}.",
                         "Multiply {a} by {b} and then add {c}.", "what's {a}*{b}+{c}",
                         "Can you work out {a} multiplied by {b}, plus {c}?",
                         "I need {a} times {b} plus {c}."], a=a, b=b, c=c)
    value = a * b + c
    step = _calc(["Compute {a} * {b} + {c}.", "Multiply {a} by {b} and add {c}.",
                  "Calculate {a} times {b}, plus {c}."], f"result = {a} * {b} + {c}", value,
                 f"{a} × {b} + {c} = {value}", [a, b, c], a=a, b=b, c=c)
    return Draft(template="mul_add", kind="arithmetic", request=request, steps=[step],
                 answer=f"{a} times {b}, plus {c}, is {value}.", value=value)


def percent_of(rng: random.Random) -> Draft:
    p = rng.choice([5, 10, 12.5, 15, 20, 25, 7.5, 30, 35, 40, 2.5, 18, 60, 75, 3])
    x = rng.choice([rng.randrange(100, 10_000, 50), rng.randrange(10, 1000)])
    ps, xs = fmt_value(p), fmt_num(rng, x)
    request = pick(rng, ["What is {p} percent of {x}?", "What is {p}% of {x}?",
                         "Calculate {p}% of {x}.", "How much is {p} per cent of {x}?",
                         "{p}% of {x} is how much?", "Find {p} percent of {x}, please."],
                   p=ps, x=xs)
    value = x * p / 100
    step = _calc(["Calculate {p}% of {x}.", "Compute {x} * {p} / 100 ({p} percent of {x}).",
                  "Work out {p} percent of {x}."], f"result = {x} * {ps} / 100", value,
                 f"{ps}% of {x} = {fmt_value(value)}", [p, x], p=ps, x=x)
    return Draft(template="percent_of", kind="arithmetic", request=request, steps=[step],
                 answer=f"{ps}% of {xs} is {fmt_value(value)}.", value=value)


CONVERSIONS = [  # (from, to, their units as the code writes them; gba.tools.units converts)
    ("kilometres", "miles", "km", "mi"),
    ("miles", "kilometres", "mi", "km"),
    ("kilograms", "pounds", "kg", "lb"),
    ("pounds", "kilograms", "lb", "kg"),
    ("degrees Celsius", "degrees Fahrenheit", "C", "F"),
    ("degrees Fahrenheit", "degrees Celsius", "F", "C"),
    ("inches", "centimetres", "in", "cm"),
    ("feet", "metres", "ft", "m"),
    ("litres", "US gallons", "l", "gal"),
    ("hours", "seconds", "h", "s"),
    ("minutes", "seconds", "min", "s"),
    ("days", "hours", "day", "h"),
    ("weeks", "days", "week", "day"),
    ("metres", "feet", "m", "ft"),
    ("centimetres", "inches", "cm", "in"),
    ("grams", "ounces", "g", "oz"),
]


def unit_conversion(rng: random.Random) -> Draft:
    src, dst, a, b = rng.choice(CONVERSIONS)
    x = rng.choice([rng.randint(1, 300), round(rng.uniform(1, 100), 1)])
    xs = fmt_value(x)
    request = pick(rng, ["How many {dst} is {x} {src}?", "Convert {x} {src} to {dst}.",
                         "What is {x} {src} in {dst}?", "{x} {src} in {dst}, please.",
                         "I have {x} {src}. How much is that in {dst}?",
                         "How many {dst} are in {x} {src}?", "Express {x} {src} in {dst}.",
                         "How many {dst} are there in {x} {src}?"],
                   x=xs, src=src, dst=dst)
    value = convert(x, a, b)
    step = _calc(["Convert {x} {src} to {dst}.", "Compute {x} {src} in {dst}.",
                  "Calculate how many {dst} are in {x} {src}."],
                 f'result = convert({xs}, "{a}", "{b}")', value,
                 f"{xs} {src} = {fmt_value(value)} {dst}", [x], x=xs, src=src, dst=dst)
    return Draft(template="unit_conversion", kind="arithmetic", request=request, steps=[step],
                 answer=f"{xs} {src} is about {fmt_value(value)} {dst}.", value=value)


def average(rng: random.Random) -> Draft:
    n = rng.randint(3, 5)
    xs = [rng.randint(1, 200) for _ in range(n)]
    listed = ", ".join(map(str, xs[:-1])) + " and " + str(xs[-1])
    request = pick(rng, ["What is the average of {l}?", "Find the mean of {l}.",
                         "My scores were {l}. What is my average?",
                         "Average these numbers: {l}."], l=listed)
    value = sum(xs) / n
    plus = " + ".join(map(str, xs))
    step = _calc(["Compute the average of {l}.", "Calculate ({p}) / {n}.",
                  "Work out the mean of {l}."], f"result = ({plus}) / {n}", value,
                 f"the average of {listed} is {fmt_value(value)}", [float(x) for x in xs],
                 l=listed, p=plus, n=n)
    return Draft(template="average", kind="arithmetic", request=request, steps=[step],
                 answer=f"The average of {listed} is {fmt_value(value)}.", value=value)


def compound_interest(rng: random.Random) -> Draft:
    p = rng.choice([500, 1000, 2500, 5000, 10000, 1200])
    r = rng.choice([2, 3, 4, 5, 6, 7, 1.5, 2.5])
    y = rng.randint(2, 15)
    ps, rs = fmt_num(rng, p), fmt_value(r)
    request = pick(rng, [
        "If I invest ${p} at {r}% interest per year, compounded yearly, how much will I have "
        "after {y} years?", "What does ${p} grow to in {y} years at {r}% annual compound "
        "interest?", "Compute the value of {p} dollars after {y} years at {r} percent a year, "
        "compounded annually."], p=ps, r=rs, y=y)
    value = p * (1 + r / 100) ** y
    step = _calc(["Compute {p} * (1 + {r} / 100) ** {y}.",
                  "Calculate {p} dollars compounded yearly at {r}% for {y} years.",
                  "Work out {p} grown at {r}% per year for {y} years."],
                 f"result = {p} * (1 + {rs} / 100) ** {y}", value,
                 f"{p} at {rs}% for {y} years = {fmt_value(value)}", [p, r, y], p=p, r=rs, y=y)
    return Draft(template="compound_interest", kind="arithmetic", request=request,
                 steps=[step], answer=f"You will have about ${value:,.2f}.", value=value,
                 )


def percent_change(rng: random.Random) -> Draft:
    a = rng.randint(20, 500)
    b = a + rng.choice([-1, 1]) * rng.randint(1, a // 2)
    request = pick(rng, ["A price went from {a} to {b}. By what percent did it change?",
                         "What is the percentage change from {a} to {b}?",
                         "My rent changed from ${a} to ${b}. What percent change is that?"],
                   a=a, b=b)
    value = (b - a) / a * 100
    step = _calc(["Compute ({b} - {a}) / {a} * 100.",
                  "Calculate the percentage change from {a} to {b}."],
                 f"result = ({b} - {a}) / {a} * 100", value,
                 f"the change from {a} to {b} is {fmt_value(value)}%", [a, b], a=a, b=b)
    return Draft(template="percent_change", kind="arithmetic", request=request, steps=[step],
                 answer=f"The change is {fmt_value(value)}%.", value=value)


def split_bill(rng: random.Random) -> Draft:
    total, n = round(rng.uniform(20, 900), 2), rng.randint(2, 12)
    ts = fmt_value(total)
    dozen = rng.random() < 0.3
    if dozen:
        n = 12
    people = "a dozen" if dozen else str(n)
    request = pick(rng, ["Split a bill of ${t} among {n} people. How much does each pay?",
                         "We are {n} people and the bill is ${t}. What is each share?",
                         "Divide {t} by {n}."], t=ts, n=people)
    value = total / n
    step = _calc(["Divide {t} by {n}.", "Compute {t} / {n}.",
                  "Calculate each person's share of {t} split {n} ways."],
                 f"result = {ts} / {n}", value, f"{ts} / {n} = {fmt_value(value)}", [total, n],
                 t=ts, n=n)
    return Draft(template="split_bill", kind="arithmetic", request=request, steps=[step],
                 answer=f"Each pays ${fmt_value(value)}.", value=value)


MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


def _date_text(d: date) -> str:
    return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"


def days_between(rng: random.Random) -> Draft:
    start = date(rng.randint(1990, 2030), rng.randint(1, 12), rng.randint(1, 28))
    end = start + timedelta(days=rng.randint(5, 900))
    a, b = _date_text(start), _date_text(end)
    request = pick(rng, ["How many days are there between {a} and {b}?",
                         "How many days from {a} to {b}?",
                         "Count the days between {a} and {b}."], a=a, b=b)
    value = float((end - start).days)
    code = (f"result = (date({end.year}, {end.month}, {end.day}) - "
            f"date({start.year}, {start.month}, {start.day})).days")
    step = _calc(["Compute the number of days between {a} and {b}.",
                  "Count the days from {a} to {b}."], code, value,
                 f"there are {fmt_value(value)} days between {a} and {b}",
                 [start.year, end.year], a=a, b=b)
    return Draft(template="days_between", kind="date", request=request, steps=[step],
                 answer=f"There are {fmt_value(value)} days between {a} and {b}.", value=value)


def years_between(rng: random.Random) -> Draft:
    a = rng.randint(1000, 1990)
    b = a + rng.randint(1, 600)
    request = pick(rng, ["How many years passed between {a} and {b}?",
                         "How old is someone born in {a} in the year {b}?",
                         "How many years are there from {a} to {b}?"], a=a, b=b)
    value = float(b - a)
    step = _calc(["Compute {b} - {a}.", "Subtract {a} from {b}."], f"result = {b} - {a}",
                 value, f"{b} - {a} = {b - a}", [a, b], a=a, b=b)
    return Draft(template="years_between", kind="date", request=request, steps=[step],
                 answer=f"That is {b - a} years.", value=value)


OP_WORDS = {"+": ["plus", "added to"], "-": ["minus", "less"], "*": ["times", "multiplied by"],
            "/": ["divided by", "over"]}


def _operands(rng: random.Random, op: str, a: int) -> int:
    """A right operand that keeps the result readable (divisions mostly come out even)."""
    if op == "/":
        return rng.choice([d for d in range(2, 13) if a % d == 0] or [rng.randint(2, 9)])
    if op == "-":
        return rng.randint(1, max(1, a - 1))
    return rng.randint(2, 99) if op == "*" else rng.randint(1, 999)


def simple_op(rng: random.Random) -> Draft:
    op = rng.choice(list(OP_WORDS))
    a = rng.choice([rng.randint(10, 999), rng.randint(1000, 20_000)])
    b = _operands(rng, op, a)
    word = rng.choice(OP_WORDS[op])
    request = pick(rng, ["What is {a} {w} {b}?", "Calculate {a} {s} {b}.", "How much is {a} {w} {b}?",
                         "{a} {w} {b} = ?", "Please work out {a} {w} {b}."],
                   a=fmt_num(rng, a), b=b, w=word, s=op)
    value = eval(f"{a} {op} {b}")  # noqa: S307 - two integers and an operator of ours
    step = _calc(["Compute {a} {s} {b}.", "Calculate {a} {w} {b}."], f"result = {a} {op} {b}",
                 value, f"{a} {op} {b} = {fmt_value(value)}", [a, b], a=a, b=b, w=word, s=op)
    return Draft(template="simple_op", kind="arithmetic", request=request, steps=[step],
                 answer=f"{fmt_num(rng, a)} {word} {b} is {fmt_value(value)}.", value=value)


def two_ops(rng: random.Random) -> Draft:
    """Two operations in the order the request says them: "a minus b, times c"."""
    op1, op2 = rng.choice(list(OP_WORDS)), rng.choice(list(OP_WORDS))
    a = rng.randint(10, 2000)
    b = _operands(rng, op1, a)
    first = eval(f"{a} {op1} {b}")  # noqa: S307
    c = _operands(rng, op2, int(first)) if first == int(first) else rng.randint(2, 9)
    value = eval(f"({a} {op1} {b}) {op2} {c}")  # noqa: S307
    w1, w2 = OP_WORDS[op1][0], OP_WORDS[op2][0]
    request = pick(rng, ["What is {a} {w1} {b}, {w2} {c}?", "Take {a} {w1} {b}, then {w2} {c}.",
                         "Compute ({a} {s1} {b}) {s2} {c}.", "First {a} {w1} {b}; the result {w2} {c}?"],
                   a=fmt_num(rng, a), b=b, c=c, w1=w1, w2=w2, s1=op1, s2=op2)
    code = f"result = ({a} {op1} {b}) {op2} {c}"
    step = _calc(["Compute ({a} {s1} {b}) {s2} {c}.", "Calculate {a} {w1} {b}, then {w2} {c}."],
                 code, value, f"({a} {op1} {b}) {op2} {c} = {fmt_value(value)}", [a, b, c],
                 a=a, b=b, c=c, w1=w1, w2=w2, s1=op1, s2=op2)
    return Draft(template="two_ops", kind="arithmetic", request=request, steps=[step],
                 answer=f"The result is {fmt_value(value)}.", value=value)


def power(rng: random.Random) -> Draft:
    a, b = rng.randint(2, 15), rng.randint(2, 8)
    while a ** b > 10_000_000:
        b -= 1
    named = {2: "squared", 3: "cubed"}.get(b)
    options = ["What is {a} to the power of {b}?", "Raise {a} to the power {b}.",
               "What is {a}^{b}?", "Compute {a} raised to {b}.", "What does {a}**{b} equal?"]
    if named:
        options += ["What is {a} " + named + "?", "Calculate {a} " + named + "."]
    request = pick(rng, options, a=a, b=b)
    value = float(a ** b)
    step = _calc(["Compute {a} ** {b}.", "Raise {a} to the power of {b}."], f"result = {a} ** {b}",
                 value, f"{a}^{b} = {fmt_value(value)}", [a, b], a=a, b=b)
    return Draft(template="power", kind="arithmetic", request=request, steps=[step],
                 answer=f"{a} to the power of {b} is {fmt_value(value)}.", value=value)


def square_root(rng: random.Random) -> Draft:
    root = rng.randint(2, 150)
    x = root * root if rng.random() < 0.7 else rng.randint(2, 50_000)
    xs = fmt_num(rng, x)
    request = pick(rng, ["What is the square root of {x}?", "Find the square root of {x}.",
                         "Calculate the square root of {x}.", "sqrt of {x}?",
                         "Which number multiplied by itself gives {x}?"], x=xs)
    value = x ** 0.5
    step = _calc(["Compute sqrt({x}).", "Find the square root of {x}."], f"result = sqrt({x})",
                 value, f"the square root of {x} is {fmt_value(value)}", [x], x=x)
    return Draft(template="square_root", kind="arithmetic", request=request, steps=[step],
                 answer=f"The square root of {xs} is {fmt_value(value)}.", value=value)


def ask_age(rng: random.Random) -> Draft:
    born, year = rng.randint(1940, 2010), rng.randint(2025, 2060)
    request = pick(rng, ["How old will I be in {y}?", "What age will I turn in {y}?",
                         "In {y}, how old am I going to be?"], y=year)
    ask = OracleStep(tool="ask_user", tasks=["In what year were you born?",
                                             "What is your year of birth?"],
                     question_key="birth_year", check=str(born),
                     known=f"the user was born in {born}")
    calc = _calc(["Compute {y} - {b}.", "Subtract {b} from {y}."], f"result = {year} - {born}",
                 year - born, f"{year} - {born} = {year - born}", [year, born], y=year, b=born)
    return Draft(template="ask_age", kind="ask_user", request=request, steps=[ask, calc],
                 answer=f"You will be {year - born} in {year}.", value=float(year - born),
                 user_facts={"birth_year": str(born)})


def ask_height(rng: random.Random) -> Draft:
    cm = rng.randint(150, 200)
    request = pick(rng, ["Convert my height to feet.", "How tall am I in feet?",
                         "What is my height in feet?"])
    ask = OracleStep(tool="ask_user", tasks=["How tall are you in centimetres?",
                                             "What is your height in cm?"],
                     question_key="height", check=str(cm), known=f"the user is {cm} cm tall")
    value = convert(cm, "cm", "ft")
    calc = _calc(["Convert {c} cm to feet.", "Compute {c} cm in feet."],
                 f'result = convert({cm}, "cm", "ft")', value, f"{cm} cm = {fmt_value(value)} feet",
                 [cm], c=cm)
    return Draft(template="ask_height", kind="ask_user", request=request, steps=[ask, calc],
                 answer=f"You are about {fmt_value(value)} feet tall.", value=value,
                 user_facts={"height": f"{cm} cm"})


def ask_tax(rng: random.Random) -> Draft:
    total, tax = round(rng.uniform(10, 400), 2), rng.choice([5, 7, 8, 10, 19, 20, 21])
    ts = fmt_value(total)
    request = pick(rng, ["How much will my shopping cost with {t}% sales tax?",
                         "Add {t}% tax to my bill. What is the total?"], t=tax)
    ask = OracleStep(tool="ask_user", tasks=["What is the amount before tax?",
                                             "How much is your bill before tax?"],
                     question_key="amount", check=ts, known=f"the amount before tax is {ts}")
    value = total * (1 + tax / 100)
    calc = _calc(["Compute {a} * (1 + {t} / 100).", "Add {t}% tax to {a}."],
                 f"result = {ts} * (1 + {tax} / 100)", value,
                 f"{ts} with {tax}% tax = {fmt_value(value)}", [total, tax], a=ts, t=tax)
    return Draft(template="ask_tax", kind="ask_user", request=request, steps=[ask, calc],
                 answer=f"The total with tax is ${fmt_value(value)}.", value=value,
                 user_facts={"amount": f"${ts}"})


def direct(rng: random.Random) -> Draft:
    request, answer = rng.choice([
        ("Hello!", "Hello! How can I help you today?"),
        ("Hi, who are you?", "I am an assistant that can look things up and calculate."),
        ("Thanks, that's all.", "You're welcome!"),
        ("What can you do?", "I can search Wikipedia, calculate numbers and ask you questions."),
        ("Good morning", "Good morning! What can I do for you?"),
        ("Thank you very much!", "You're welcome, glad to help."),
    ])
    return Draft(template="direct", kind="direct", request=request, steps=[], answer=answer)


TEMPLATES = {f.__name__: f for f in (mul_add, percent_of, unit_conversion, average,
                                     compound_interest, percent_change, split_bill, days_between,
                                     years_between, simple_op, two_ops, power, square_root,
                                     ask_age, ask_height, ask_tax, direct)}
