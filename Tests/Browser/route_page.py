#!/usr/bin/env python3
"""The route page in a real browser: Debian's headless Chromium driven by Selenium.

    python3 Tests/Browser/route_page.py [--routesim .build/debug/routesim] [--artifacts .ci/artifacts]
                                        [--readme-image docs/images/route-page.png]

Starts `routesim serve` on the demo office plan, picks user 100, types 92002 and checks the
result card and the trace; flips an assumption and sees the answer change; copies the case;
then, on a plan with a re-analysis loop, opens a lint witness link and sees the loop replayed.
Fails on any error the browser's console reports (a content-security-policy violation among
them). Writes a screenshot of the route page into the artifacts folder. The last line is
`browser: N passed, N failed`; the exit status is 0 only when every check passed.
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

root = Path(__file__).resolve().parent.parent.parent
passed, failed = 0, 0


def check(name, condition, detail=""):
    global passed, failed
    if condition:
        passed += 1
        print(f"PASS {name}")
    else:
        failed += 1
        print(f"FAIL {name}{': ' + detail if detail else ''}")


def serve(routesim, plan, folder):
    ready = Path(folder) / f"ready-{Path(plan).stem}"
    process = subprocess.Popen(
        [routesim, "serve", "--plan", plan, "--port", "0", "--ready-file", str(ready)],
        cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.time() + 30
    while time.time() < deadline:
        if ready.exists() and ready.read_text().endswith("\n"):
            return process, ready.read_text().strip()
        if process.poll() is not None:
            break
        time.sleep(0.05)
    process.kill()
    sys.exit(f"browser: routesim serve did not start: {process.stderr.read().decode()}")


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1000"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def console_errors(driver):
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"
            and "favicon.ico" not in entry["message"]]


def main():
    arguments = argparse.ArgumentParser()
    arguments.add_argument("--routesim", default=str(root / ".build/debug/routesim"))
    arguments.add_argument("--artifacts", default=str(root / ".ci/artifacts"))
    arguments.add_argument("--readme-image")
    options = arguments.parse_args()
    os.makedirs(options.artifacts, exist_ok=True)
    folder = tempfile.mkdtemp(prefix="routesim-browser-")
    office, office_url = serve(options.routesim, "corpus/plans/demo-office.json", folder)
    loops, loops_url = serve(options.routesim, "corpus/lint/reanalysis-loop.json", folder)
    driver = browser()
    wait = WebDriverWait(driver, 15)
    try:
        # Pick user 100 from the completion list, type the number as dialed, route.
        driver.get(office_url + "/")
        labels = [o.get_attribute("label") for o in driver.find_elements(By.CSS_SELECTOR, "#origins option[value='user:100']")]
        check("the origin list offers user 100 with its name", labels == ["100 · Reception · reception"], f"{labels}")
        driver.find_element(By.ID, "origin").send_keys("user:100")
        check("picking a user disables the caller field", not driver.find_element(By.ID, "caller").is_enabled())
        driver.find_element(By.ID, "number").send_keys("92002")
        driver.find_element(By.ID, "route-button").click()
        wait.until(EC.presence_of_element_located((By.ID, "result")))
        check("the outcome is externalLine", driver.find_element(By.ID, "outcome").text == "externalLine")
        destination = driver.find_element(By.ID, "destination").text
        check("the destination is line 6001 with its name", destination == "external line 6001 provider account shared by the office", destination)
        attempts = [row.text for row in driver.find_elements(By.CSS_SELECTOR, "#attempts tbody tr")]
        check("one attempt: line 6001 sends 2002 and presents 6001",
              attempts == ["1 external line 6001 provider account shared by the office 2002 6001"], f"{attempts}")
        trace = driver.find_element(By.ID, "trace").text
        check("the trace says the out-group prefix was stripped", 'starts with the out-group prefix "9": an external-line call, prefix stripped' in trace)
        check("the trace says which number the line presents", "presents the line's own number 6001" in trace)
        check("the URL holds the query", "from=user%3A100" in driver.current_url and "number=92002" in driver.current_url, driver.current_url)
        record = driver.find_element(By.CSS_SELECTOR, "#trace a.record").get_attribute("href")
        check("each trace record links to its fields", record.endswith("/plan/records/localuser/0"), record)
        driver.save_screenshot(os.path.join(options.artifacts, "route-page.png"))
        if options.readme_image:
            driver.set_window_size(1280, 1400)
            driver.save_screenshot(options.readme_image)
            driver.set_window_size(1280, 1000)

        # Copy as case.
        driver.find_element(By.ID, "copy-case").click()
        status = WebDriverWait(driver, 5).until(lambda d: d.find_element(By.ID, "copy-status").text)
        check("copy as case reports what it did", status in ("copied", "selected: press Ctrl+C"), status)
        case = driver.find_element(By.ID, "case-yaml").text
        check("the case pins the attempt", '- {extLine: "6001", called: "2002", caller: "6001", failover: false}' in case, case)

        # Flip an assumption: the page routes again and the answer changes.
        driver.find_element(By.CSS_SELECTOR, "a.toggle[data-assumption='stripOutGroupPrefix'][data-value='none']").click()
        wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#assumptions li.changed")))
        attempts = [row.text for row in driver.find_elements(By.CSS_SELECTOR, "#attempts tbody tr")]
        check("with stripOutGroupPrefix=none the line sends 92002",
              attempts == ["1 external line 6001 provider account shared by the office 92002 6001"], f"{attempts}")
        check("the flipped assumption is in the URL", "assume=stripOutGroupPrefix%3Dnone" in driver.current_url, driver.current_url)
        check("no console errors on the route page (CSP violations included)", console_errors(driver) == [], f"{console_errors(driver)}")

        # A lint witness link replays the finding on the route page.
        driver.get(loops_url + "/plan/lint")
        witness = driver.find_element(By.CSS_SELECTOR, "#findings a.witness")
        text = witness.text
        witness.click()
        wait.until(EC.presence_of_element_located((By.ID, "result")))
        check(f"the witness link ({text}) routes the call: released", driver.find_element(By.ID, "outcome").text == "released")
        check("the replayed trace shows the loop", "loop" in driver.find_element(By.ID, "result").text)
        check("no console errors on the lint and replay pages", console_errors(driver) == [], f"{console_errors(driver)}")

        # The graph page draws the call's path.
        driver.get(office_url + "/graph?from=user:100&number=92002")
        svg = driver.find_elements(By.CSS_SELECTOR, "#graph svg")
        check("the graph page draws an SVG", len(svg) == 1)
        check("no console errors on the graph page", console_errors(driver) == [], f"{console_errors(driver)}")
    finally:
        driver.quit()
        office.kill()
        loops.kill()
    print(f"browser: {passed} passed, {failed} failed")
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
