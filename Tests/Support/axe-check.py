#!/usr/bin/env python3
"""Accessibility in a real browser: each argument is a page to open in Chromium (selenium and
Debian's chromedriver), checked by the axe-core engine (from PyPI's axe-core-python) against WCAG
2.1 A and AA — the rules RGAA 4 maps to. Prints one JSON object: for each page, its violations
(rule, impact, help, the first elements), and for a `keyboard:` step the text of the page the form
led to.

  URL                        open it, run axe
  keyboard:VALUE:URL         open the partner's page, answer VALUE with the keyboard alone (Tab to
                             the answers, arrows to VALUE, space, Tab to the button, Enter), run axe
                             on the page that follows; VALUE+REASON also picks the refusal's reason
                             in its list (Tab to it, arrows to REASON)
  fill:SPEC:URL              open a form, fill it with the keyboard alone, in the order SPEC gives —
                             base64url of a JSON list of [name, value]: Tab to the field, then type
                             the text, or arrows to the radio button's or the list's value (space
                             chooses a radio button), or space to tick a box — Tab to the button,
                             Enter, and run axe on the page that follows
"""
import base64
import json
import os
import sys

import axe_core_python
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.expected_conditions import staleness_of
from selenium.webdriver.support.wait import WebDriverWait

AXE = open(os.path.join(os.path.dirname(axe_core_python.__file__), "axe.min.js")).read()
RUN = """
var done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
  .then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                          nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))))
  .catch(e => done([{id: 'axe-error', help: String(e)}]));
"""


def axe(driver):
    driver.execute_script(AXE)
    return driver.execute_async_script(RUN)


def press(driver, key, until, limit=40):
    for _ in range(limit):
        driver.switch_to.active_element.send_keys(key)
        if driver.execute_script(f"var e = document.activeElement; return {until};"):
            return True
    return False


def main():
    options = Options()
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--lang=fr-FR"):
        options.add_argument(argument)
    options.binary_location = next(p for p in ("/usr/bin/chromium", "/usr/bin/chromium-browser") if os.path.exists(p))
    # The pages' language: the one a French partner's browser asks for.
    options.add_experimental_option("prefs", {"intl.accept_languages": "fr-FR,fr"})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_script_timeout(60)
    results = {}
    try:
        for step in sys.argv[1:]:
            if step.startswith("keyboard:"):
                _, choice, url = step.split(":", 2)
                value, _, reason = choice.partition("+")
                driver.get(url)
                driver.find_element("tag name", "body").click()
                reached = press(driver, Keys.TAB, "e.name == 'status'") and (
                    driver.execute_script(f"return document.activeElement.value == '{value}';")
                    or press(driver, Keys.ARROW_DOWN, f"e.value == '{value}'"))
                if reached:
                    # Tab only focuses a radio button; the space bar chooses it.
                    driver.switch_to.active_element.send_keys(Keys.SPACE)
                if reached and reason:
                    reached = press(driver, Keys.TAB, "e.id == 'decline_reason'") and press(driver, Keys.ARROW_DOWN, f"e.value == '{reason}'")
                submitted = reached and press(driver, Keys.TAB, "e.tagName == 'BUTTON'")
                if submitted:
                    form = driver.find_element("tag name", "form")
                    driver.switch_to.active_element.send_keys(Keys.ENTER)
                    WebDriverWait(driver, 30).until(staleness_of(form))
                results[step] = {"violations": axe(driver), "text": driver.find_element("tag name", "body").text,
                                 "keyboard": bool(submitted)}
            elif step.startswith("fill:"):
                _, spec, url = step.split(":", 2)
                fields = json.loads(base64.urlsafe_b64decode(spec + "=" * (-len(spec) % 4)))
                driver.get(url)
                driver.find_element("tag name", "body").click()
                reached = True
                for name, value in fields:
                    reached = reached and press(driver, Keys.TAB, f"e.name == {json.dumps(name)}", limit=80)
                    if not reached:
                        break
                    kind = driver.execute_script("var e = document.activeElement; return e.tagName == 'SELECT' ? 'select' : e.type;")
                    if kind == "radio":
                        reached = driver.execute_script(f"return document.activeElement.value == {json.dumps(value)};") or press(
                            driver, Keys.ARROW_DOWN, f"e.value == {json.dumps(value)}")
                        driver.switch_to.active_element.send_keys(Keys.SPACE)
                    elif kind == "select":
                        reached = press(driver, Keys.ARROW_DOWN, f"e.value == {json.dumps(value)}")
                    elif kind == "checkbox":
                        driver.switch_to.active_element.send_keys(Keys.SPACE)
                    else:
                        element = driver.switch_to.active_element
                        element.send_keys(Keys.CONTROL, "a")
                        element.send_keys(value)
                submitted = reached and press(driver, Keys.TAB, "e.tagName == 'BUTTON'", limit=80)
                if submitted:
                    form = driver.find_element("tag name", "form")
                    driver.switch_to.active_element.send_keys(Keys.ENTER)
                    WebDriverWait(driver, 30).until(staleness_of(form))
                results[step] = {"violations": axe(driver), "text": driver.find_element("tag name", "body").text,
                                 "keyboard": bool(submitted)}
            else:
                driver.get(step)
                results[step] = {"violations": axe(driver)}
    finally:
        driver.quit()
    print(json.dumps(results, ensure_ascii=False))


main()
