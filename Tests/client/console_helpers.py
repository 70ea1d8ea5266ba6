"""Drives the web console in a real browser: headless Chromium through Selenium and chromedriver (Debian's
`chromium` and `chromium-driver`), as a person would click, by the labels the AWS console uses."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

try:
    from selenium import webdriver
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait
except ImportError:  # pragma: no cover - reported by the skip below
    webdriver = None

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")

requires_browser = pytest.mark.skipif(
    webdriver is None or not CHROMIUM or not CHROMEDRIVER,
    reason="the console tests need chromium, chromium-driver (apt) and selenium (pip); .ci/run installs them",
)


def start_browser():
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1600,1000"):
        options.add_argument(argument)
    service = webdriver.ChromeService(executable_path=CHROMEDRIVER)
    return webdriver.Chrome(options=options, service=service)


class Console:
    """The console open on one server, in one browser: the clicks a walkthrough names."""

    def __init__(self, driver, endpoint: str) -> None:
        self.driver = driver
        self.endpoint = endpoint

    def open(self, page: str = "vpcs") -> "Console":
        if self.driver.current_url.startswith(self.endpoint):
            self.driver.execute_script("localStorage.clear()")
        self.driver.get(f"{self.endpoint}/?fresh={time.time()}#/{page}")
        self.wait_for(lambda d: d.find_elements(By.CSS_SELECTOR, "#main .page"), f"the {page} page")
        return self

    def wait_for(self, condition, what: str, timeout: float = 10):
        try:
            return WebDriverWait(self.driver, timeout, poll_frequency=0.05, ignored_exceptions=(StaleElementReferenceException,)).until(condition)
        except Exception as error:  # a timeout says what was awaited and what the page showed
            text = self.driver.find_element(By.ID, "main").text[:1500]
            raise AssertionError(f"waited {timeout}s for {what}; the page shows:\n{text}") from error

    def nav(self, title: str) -> None:
        self.driver.find_element(By.XPATH, f"//nav//a[normalize-space()='{title}']").click()
        self.wait_for(lambda d: d.find_elements(By.XPATH, f"//main//h1[starts-with(normalize-space(), '{title}')]"), f"the {title} page")

    def click(self, label: str) -> None:
        """Clicks the button with this label (the first visible one), again if the page was redrawn under it."""

        def clicked(driver) -> bool:
            button = next((b for b in driver.find_elements(By.XPATH, f"//button[normalize-space()='{label}']") if b.is_displayed() and b.is_enabled()), None)
            if button is None:
                return False
            button.click()
            return True

        self.wait_for(clicked, f"a button '{label}'")

    def field(self, label: str):
        """The input or select a form labels so (visible ones only)."""
        return self.wait_for(
            lambda d: next(
                (
                    element
                    for element in d.find_elements(
                        By.XPATH, f"//div[contains(@class,'field') and not(@hidden)][label[normalize-space()='{label}']]//*[self::input or self::select]"
                    )
                    if element.is_displayed()
                ),
                None,
            ),
            f"a field '{label}'",
        )

    def type(self, label: str, text: str) -> None:
        element = self.field(label)
        element.clear()
        element.send_keys(text)

    def choose(self, label: str, option_text_contains: str) -> None:
        select = Select(self.field(label))
        for option in select.options:
            if option_text_contains in option.text:
                select.select_by_visible_text(option.text)
                return
        raise AssertionError(f"no option containing {option_text_contains!r} in {label!r}: {[o.text for o in select.options]}")

    def radio(self, label: str) -> None:
        """Picks the radio button with this label, once the form showing it is drawn (a click opens forms as scripts
        run, so on a busy machine the form may come a moment after the click that asked for it)."""
        self.wait_for(
            lambda d: next(iter(d.find_elements(By.XPATH, f"//label[contains(@class,'radio')][normalize-space()='{label}']/input")), None),
            f"a radio button '{label}'",
        ).click()

    def flash(self, containing: str) -> str:
        """The success banner that says `containing` (an earlier one may still be on the page for a moment)."""
        return self.wait_for(
            lambda d: next((e.text for e in d.find_elements(By.CSS_SELECTOR, ".flash.success") if containing in e.text), None),
            f"a success banner saying {containing!r}",
        )

    def error(self, containing: str) -> str:
        return self.wait_for(
            lambda d: next((e.text for e in d.find_elements(By.CSS_SELECTOR, ".flash.error") if containing in e.text), None),
            f"an error saying {containing!r}",
        )

    def select_row(self, text: str) -> None:
        def clicked(driver) -> bool:
            row = next((r for r in driver.find_elements(By.CSS_SELECTOR, "table.list tbody tr") if text in r.text), None)
            if row is None:
                return False
            row.click()  # a row redrawn meanwhile is stale: the wait tries again
            return True

        self.wait_for(clicked, f"a row with {text}")
        self.wait_for(lambda d: d.find_elements(By.CSS_SELECTOR, "section.detail"), "the details of the selected row")

    def action(self, label: str) -> None:
        def chosen(driver) -> bool:
            menu = driver.find_element(By.CSS_SELECTOR, "select.actions")
            if not menu.is_enabled():
                return False
            Select(menu).select_by_visible_text(label)
            return True

        self.wait_for(chosen, f"the Actions menu's {label!r}")

    def tab(self, title: str) -> None:
        def clicked(driver) -> bool:
            driver.find_element(By.XPATH, f"//div[@class='tabs']/button[normalize-space()='{title}']").click()
            return True

        self.wait_for(clicked, f"the tab {title!r}")

    def rows(self) -> list[str]:
        for _ in range(20):
            try:
                return [row.text for row in self.driver.find_elements(By.CSS_SELECTOR, "table.list tbody tr")]
            except StaleElementReferenceException:  # the list was drawn again while being read
                time.sleep(0.05)
        raise AssertionError("the list kept changing while it was read")

    def screenshot(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.driver.save_screenshot(str(path))
