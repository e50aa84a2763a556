package io.eventsearch.api.explorer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventsearch.testing.Browser;
import io.eventsearch.testing.TestKeys;
import io.eventsearch.testing.TestService;
import io.eventsearch.testing.TestService.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The explorer as a new user meets it, in a real headless Chromium against the real service and OpenSearch: signs
 * in with the development-token button, types a query with completion, and checks what every panel shows against
 * the API's own answers for the same search; narrows the range by dragging, exports, and is used at phone width.
 * Screenshots land in target/explorer-screenshots.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExplorerBrowserIntegrationTest {

    private static final Path SCREENSHOTS = Path.of("target", "explorer-screenshots");
    private static final String[] ADDRESSES = {"81.2.69.142", "89.160.20.112", "216.160.83.56", "175.16.199.1"};

    private static TestService service;
    private static Browser browser;
    private static ChromeDriver driver;
    private static String tenant;
    private static String token;
    /** The view every test starts from: an absolute range, so the browser's search and the API's are the same. */
    private static Instant from;
    private static Instant to;

    @BeforeAll
    static void start() throws IOException {
        service = TestService.start(Map.of("ui.dev.token", "true"), TestKeys.newJwkSet(DevTokens.DEV_KEY_ID));
        tenant = TestService.newTenant();
        token = service.token(tenant, "events:read events:write");
        Instant now = Instant.now().truncatedTo(ChronoUnit.HOURS);
        from = now.minus(Duration.ofDays(4));
        to = now.plus(Duration.ofHours(1));
        seed(now);
        Files.createDirectories(SCREENSHOTS);
        browser = Browser.start();
        driver = browser.driver();
    }

    private static void seed(Instant now) {
        StringBuilder downloads = new StringBuilder("[");
        for (int i = 0; i < 60; i++) {
            int status = i % 4 == 0 ? 403 : i % 5 == 0 ? 404 : 200;
            downloads.append(i == 0 ? "" : ",").append("""
                    {"id":"dl-%d","createdAt":"%s","releaseId":"r-1","releaseVersion":"1.%d",
                     "releaseFileName":"%s","statusCode":%d,%s"location":{"ipAddress":"%s"}}"""
                    .formatted(i, now.minus(Duration.ofMinutes(37L * i + 5)), i % 3,
                            i % 2 == 0 ? "app-1.2.dmg" : "東京-setup.exe", status,
                            status == 403 ? "\"errorCode\":\"LICENSE_EXPIRED\",\"errorMessage\":\"license expired\","
                                    : status == 404 ? "\"errorCode\":\"NOT_FOUND\"," : "",
                            ADDRESSES[i % ADDRESSES.length]));
        }
        ingest("release-downloads", downloads.append("]").toString(), 60);
        StringBuilder audit = new StringBuilder("[");
        for (int i = 0; i < 12; i++) {
            audit.append(i == 0 ? "" : ",").append("""
                    {"id":"a-%d","eventTime":"%s","appId":"app-1","userId":"u-%d","userName":"Alice <b>%d</b>",
                     "target":"user","action":"%s","description":"changed the name"}"""
                    .formatted(i, now.minus(Duration.ofMinutes(91L * i + 13)), i % 3, i,
                            i % 2 == 0 ? "update" : "delete"));
        }
        ingest("audit", audit.append("]").toString(), 12);
    }

    private static void ingest(String stream, String events, int expected) {
        Reply stored = service.postJson("/ingest/" + stream + "?refresh=wait_for", token, events);
        assertThat(stored.json().get("created").asInt()).as(stored.body()).isEqualTo(expected);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (service != null) {
            service.close();
        }
    }

    @BeforeEach
    void desktop() {
        driver.manage().window().setSize(new Dimension(1280, 1000));
    }

    @Test
    @Order(1)
    void aNewUserSignsInWithTheDevelopmentTokenAndEveryPanelShowsWhatTheApiAnswers() {
        driver.get(view(""));
        wait(d -> d.findElement(By.id("dev-token-form")).isDisplayed());
        assertThat(driver.findElement(By.id("explorer")).isDisplayed()).isFalse();
        WebElement tenantInput = driver.findElement(By.id("dev-tenant"));
        tenantInput.clear();
        tenantInput.sendKeys(tenant);
        driver.findElement(By.cssSelector("#dev-token-form button")).click();
        awaitRuns(1);

        assertThat(driver.findElement(By.id("session-label")).getText()).isEqualTo("Tenant " + tenant);
        assertThat(driver.getCurrentUrl()).doesNotContain("eyJ"); // the token is never in the address
        assertPanelsMatchTheApi("");
        screenshot("desktop");
        assertThat(severeConsoleMessages()).isEmpty();
    }

    @Test
    @Order(2)
    void typingAQueryWithCompletionRunsItAndTheAddressKeepsIt() {
        driver.get(view(""));
        int runs = awaitRuns(1);
        WebElement query = driver.findElement(By.id("q"));
        query.click();
        query.sendKeys("errorC");
        takeSuggestion("errorCode:");
        assertThat(query.getAttribute("value")).isEqualTo("errorCode: ");
        takeSuggestion("LICENSE_EXPIRED"); // the tenant's own values, most frequent first
        assertThat(query.getAttribute("value")).isEqualTo("errorCode: LICENSE_EXPIRED");
        query.sendKeys(Keys.ESCAPE, Keys.ENTER);
        awaitRuns(runs + 1);

        assertThat(driver.getCurrentUrl()).contains("q=errorCode%3A+LICENSE_EXPIRED");
        assertPanelsMatchTheApi("errorCode: LICENSE_EXPIRED");
        assertThat(rowIds()).hasSize(15);

        driver.navigate().refresh(); // a bookmarked view: same query, same range, still signed in this tab
        awaitRuns(1);
        assertThat(driver.findElement(By.id("q")).getAttribute("value")).isEqualTo("errorCode: LICENSE_EXPIRED");
        assertPanelsMatchTheApi("errorCode: LICENSE_EXPIRED");
    }

    @Test
    @Order(3)
    void aSyntaxErrorIsShownUnderTheQueryPointingAtItsCharacter() {
        driver.get(view(""));
        int runs = awaitRuns(1);
        WebElement query = driver.findElement(By.id("q"));
        query.sendKeys("statusCode > ", Keys.ESCAPE, Keys.ENTER);
        wait(d -> !d.findElement(By.id("q-error")).getText().isEmpty()
                && d.findElement(By.cssSelector("#results .status")).getText().equals("Fix the query above"));
        String error = driver.findElement(By.id("q-error")).getText();
        assertThat(error).contains("parameter 'q'").contains("at 12");
        assertThat(driver.findElements(By.cssSelector("#q-error .pointer mark"))).hasSize(1);
        assertThat(runs).isPositive();
    }

    @Test
    @Order(4)
    void draggingAcrossTheHistogramNarrowsTheRangeToTheBucketsCovered() {
        driver.get(view(""));
        int runs = awaitRuns(1);
        List<WebElement> buckets = driver.findElements(By.cssSelector("#histogram g.bucket"));
        int start = 0;
        while (buckets.get(start).getAttribute("data-count").equals("0")) {
            start++;
        }
        assertThat(buckets.size()).isGreaterThan(start + 6);
        Rectangle first = buckets.get(start).findElement(By.cssSelector("rect.hit")).getRect();
        Rectangle last = buckets.get(start + 4).findElement(By.cssSelector("rect.hit")).getRect();
        String firstTime = buckets.get(start).getAttribute("data-time");
        String endTime = buckets.get(start + 5).getAttribute("data-time");
        new Actions(driver)
                .moveToLocation(first.x + first.width / 2, first.y + first.height / 2).clickAndHold()
                .moveToLocation((first.x + last.x) / 2, last.y + last.height / 2)
                .moveToLocation(last.x + last.width / 2, last.y + last.height / 2).release().perform();
        awaitRuns(runs + 1);

        Map<String, String> address = addressParameters();
        assertThat(Instant.parse(address.get("from"))).isEqualTo(Instant.parse(firstTime));
        assertThat(Instant.parse(address.get("to"))).isEqualTo(Instant.parse(endTime));
        assertThat(new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("range")))
                .getFirstSelectedOption().getAttribute("value")).isEqualTo("custom");
        JsonNode page = api("/api/events", Map.of("from", address.get("from"), "to", address.get("to"), "limit", "50"));
        assertThat(rowIds()).isEqualTo(ids(page));
        assertThat(rowIds()).isNotEmpty();
    }

    @Test
    @Order(5)
    void clickingATopValueAndACountryAddsThemToTheQuery() {
        driver.get(view(""));
        int runs = awaitRuns(1);
        driver.findElement(By.cssSelector("#top-values .bars button[data-value='LICENSE_EXPIRED']")).click();
        runs = awaitRuns(runs + 1);
        assertThat(driver.findElement(By.id("q")).getAttribute("value")).isEqualTo("errorCode: LICENSE_EXPIRED");
        driver.findElement(By.cssSelector("#map path.shaded[data-code='GB']")).click();
        awaitRuns(runs + 1);
        String query = "errorCode: LICENSE_EXPIRED and location.countryCode: GB";
        assertThat(driver.findElement(By.id("q")).getAttribute("value")).isEqualTo(query);
        assertPanelsMatchTheApi(query);
        assertThat(rowIds()).isNotEmpty();
    }

    @Test
    @Order(6)
    void loadMoreFollowsTheCursorAndARowOpensIntoTheEventsJson() throws IOException {
        driver.get(view(""));
        awaitRuns(1);
        assertThat(rowIds()).hasSize(50);
        driver.findElement(By.cssSelector("#results .more")).click();
        wait(d -> rowIds().size() == 72);
        JsonNode all = api("/api/events", Map.of("from", from.toString(), "to", to.toString(), "limit", "100"));
        assertThat(rowIds()).isEqualTo(ids(all));
        assertThat(driver.findElement(By.cssSelector("#results .more")).isDisplayed()).isFalse();

        WebElement expand = driver.findElement(By.cssSelector("#results tbody tr:not(.detail) .expand"));
        expand.click();
        WebElement json = driver.findElement(By.cssSelector("#results tbody tr.detail pre"));
        assertThat(json.isDisplayed()).isTrue();
        assertThat(service.mapper().readTree(json.getText())).isEqualTo(all.at("/events/0/event"));
        assertThat(expand.getAttribute("aria-expanded")).isEqualTo("true");
    }

    @Test
    @Order(7)
    void exportSavesTheWholeResultAsTheApiWritesIt() throws IOException {
        driver.get(view("stream: release-downloads"));
        awaitRuns(1);
        driver.findElement(By.cssSelector("#results .export button[data-format='csv']")).click();
        wait(d -> downloaded(".csv").isPresent());
        String file = Files.readString(downloaded(".csv").orElseThrow());
        Reply csv = service.send(java.net.http.HttpRequest.newBuilder(service.uri("/api/events?"
                + query(Map.of("q", "stream: release-downloads", "from", from.toString(), "to", to.toString(),
                "format", "csv")))).GET(), token);
        assertThat(file).isEqualTo(csv.body());
        assertThat(file.lines().count()).isEqualTo(61); // the header and every download, past the first page
        assertThat(driver.findElement(By.cssSelector("#results .export-status")).getText()).startsWith("Saved events-");
    }

    @Test
    @Order(8)
    void atPhoneWidthNothingOverflowsTheScreenAndEveryControlHasALabel() {
        driver.manage().window().setSize(new Dimension(375, 812));
        driver.get(view(""));
        awaitRuns(1);
        @SuppressWarnings("unchecked")
        List<String> overflowing = (List<String>) js("""
                const width = document.documentElement.clientWidth;
                return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > width
                    && !e.closest('.table-wrap')).map(e => e.tagName + '#' + e.id + '.' + e.className);""");
        assertThat(overflowing).isEmpty();
        assertThat((Long) js("return document.documentElement.scrollWidth"))
                .isLessThanOrEqualTo((Long) js("return document.documentElement.clientWidth"));
        assertPanelsMatchTheApi("");
        @SuppressWarnings("unchecked")
        List<String> unlabelled = (List<String>) js("""
                return [...document.querySelectorAll('input, select, button')]
                  .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.textContent.trim())
                  .map(e => e.outerHTML);""");
        assertThat(unlabelled).isEmpty();
        screenshot("phone");
    }

    @Test
    @Order(9)
    void aRefusedTokenReturnsToTheSignInWithTheReason() {
        driver.get(view(""));
        awaitRuns(1);
        driver.findElement(By.id("sign-out")).click();
        wait(d -> d.findElement(By.id("sign-in")).isDisplayed());
        assertThat(js("return sessionStorage.length")).isEqualTo(0L);
        driver.findElement(By.id("token")).sendKeys("not-a-token", Keys.ENTER);
        wait(d -> d.findElement(By.id("sign-in-error")).getText().startsWith("The token was refused"));
        assertThat(driver.findElement(By.id("explorer")).isDisplayed()).isFalse();

        driver.findElement(By.id("token")).sendKeys(service.token(tenant, "events:read"), Keys.ENTER);
        awaitRuns(1);
        assertPanelsMatchTheApi("");
    }

    // ---- what the panels show, against the API's answers for the same search

    private void assertPanelsMatchTheApi(String query) {
        Map<String, String> search = new LinkedHashMap<>();
        search.put("q", query);
        search.put("from", from.toString());
        search.put("to", to.toString());
        JsonNode page = api("/api/events", with(search, Map.of("limit", "50")));
        assertThat(rowIds()).isEqualTo(ids(page));

        JsonNode counts = api("/api/events/aggregate", with(search, Map.of("histogram", "auto", "tz", "UTC",
                "terms", "errorCode", "size", "10", "geo", "country")));
        List<WebElement> buckets = driver.findElements(By.cssSelector("#histogram g.bucket"));
        assertThat(buckets).hasSize(counts.at("/histogram/buckets").size());
        List<String> bucketCounts = buckets.stream().map(b -> b.getAttribute("data-count")).toList();
        assertThat(bucketCounts).isEqualTo(values(counts.at("/histogram/buckets"), "count"));

        Map<String, String> shaded = driver.findElements(By.cssSelector("#map path.shaded")).stream()
                .collect(Collectors.toMap(p -> p.getAttribute("data-code"), p -> p.getAttribute("data-count")));
        Map<String, String> countries = new LinkedHashMap<>();
        counts.at("/geo/values").forEach(v -> countries.put(v.get("value").asText(), v.get("count").asText()));
        assertThat(shaded).isEqualTo(countries);

        List<String> bars = driver.findElements(By.cssSelector("#top-values .bars button")).stream()
                .map(b -> b.getAttribute("data-value") + "=" + b.getAttribute("data-count")).toList();
        List<String> terms = new ArrayList<>();
        counts.at("/terms/values").forEach(v -> terms.add(v.get("value").asText() + "=" + v.get("count").asText()));
        assertThat(bars).isEqualTo(terms);
    }

    private static Map<String, String> with(Map<String, String> a, Map<String, String> b) {
        Map<String, String> all = new LinkedHashMap<>(a);
        all.putAll(b);
        return all;
    }

    private static JsonNode api(String path, Map<String, String> parameters) {
        Reply reply = service.get(path + "?" + query(parameters), token);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }

    private static String query(Map<String, String> parameters) {
        return parameters.entrySet().stream().filter(e -> !e.getValue().isEmpty())
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("events").forEach(hit -> ids.add(hit.get("id").asText()));
        return ids;
    }

    private static List<String> values(JsonNode array, String field) {
        List<String> values = new ArrayList<>();
        array.forEach(item -> values.add(item.get(field).asText()));
        return values;
    }

    // ---- the browser

    private static String view(String query) {
        return service.uri("/ui/?" + query(Map.of("q", query, "from", from.toString(), "to", to.toString()))).toString();
    }

    private static List<String> rowIds() {
        return driver.findElements(By.cssSelector("#results tbody tr:not(.detail)")).stream()
                .map(row -> row.getAttribute("data-id")).toList();
    }

    /** Waits until the page has shown {@code atLeast} searches in full; returns how many it has. */
    private static int awaitRuns(int atLeast) {
        wait(d -> runs() >= atLeast);
        return runs();
    }

    private static int runs() {
        Object runs = js("return Number(document.getElementById('explorer').dataset.runs || 0)");
        return ((Number) runs).intValue();
    }

    /** Waits for the suggestion {@code option} and takes it with the arrow keys and Enter, as a keyboard user does. */
    private static void takeSuggestion(String option) {
        WebElement query = driver.findElement(By.id("q"));
        wait(d -> options().contains(option));
        int index = options().indexOf(option);
        for (int i = 0; i <= index; i++) {
            query.sendKeys(Keys.ARROW_DOWN);
        }
        wait(d -> option.equals(js("return document.querySelector('#suggestions li[aria-selected=true] .option')?.textContent")));
        query.sendKeys(Keys.ENTER);
    }

    /** The options shown, read in one step: the list is drawn anew as answers arrive. */
    @SuppressWarnings("unchecked")
    private static List<String> options() {
        return (List<String>) js("return [...document.querySelectorAll('#suggestions li .option')].map(e => e.textContent)");
    }

    private static Map<String, String> addressParameters() {
        Map<String, String> parameters = new LinkedHashMap<>();
        String search = java.net.URI.create(driver.getCurrentUrl()).getRawQuery();
        for (String pair : search.split("&")) {
            String[] parts = pair.split("=", 2);
            parameters.put(parts[0], java.net.URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
        }
        return parameters;
    }

    private static java.util.Optional<Path> downloaded(String extension) {
        try (Stream<Path> files = Files.list(browser.downloads())) {
            return files.filter(f -> f.getFileName().toString().endsWith(extension)).findFirst();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> severeConsoleMessages() {
        return browser.console().stream().filter(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
                .map(LogEntry::getMessage).toList();
    }

    private static Object js(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    private static void wait(java.util.function.Function<org.openqa.selenium.WebDriver, Boolean> condition) {
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(condition::apply);
    }

    private static void screenshot(String name) {
        try {
            Files.write(SCREENSHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
