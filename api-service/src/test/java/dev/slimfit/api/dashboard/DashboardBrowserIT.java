package dev.slimfit.api.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.logging.Level;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import dev.slimfit.api.messaging.MessagingProperties;
import dev.slimfit.api.support.ApiClient;
import dev.slimfit.api.support.ApiClient.Response;
import dev.slimfit.api.support.ApiTestServer;
import dev.slimfit.core.contract.Budget;
import dev.slimfit.core.contract.DnalReport;
import dev.slimfit.core.contract.EarlyExitReport;
import dev.slimfit.core.contract.JobOutcome;
import dev.slimfit.core.contract.JobProgress;
import dev.slimfit.core.contract.JobResult;
import dev.slimfit.core.contract.WorkerEvent;
import dev.slimfit.core.contract.WorkerEventType;
import dev.slimfit.core.cost.BudgetCost;
import dev.slimfit.core.cost.NetworkCost;
import dev.slimfit.core.cost.StagedCost;
import dev.slimfit.core.decode.Decoded;
import dev.slimfit.core.decode.WidthDecoder;
import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.core.space.SearchSpaceRegistry;
import dev.slimfit.core.space.staged.StagedConfiguration;
import dev.slimfit.core.space.staged.StagedSpace;
import dev.slimfit.core.space.staged.StagedSpaces;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dashboard in a real headless Chromium (Debian's chromium and chromedriver, through Selenium, which never
 * downloads anything here) against the running API on real PostgreSQL and RabbitMQ. Jobs get their progress and
 * results the way workers give them: claims and outcomes over HTTP, progress events through the broker; the device
 * gets a READY latency table from a simulated agent.
 */
class DashboardBrowserIT {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final SearchSpace FMNIST = SearchSpaceRegistry.builtIn().find("fmnist-small").orElseThrow();
    static final String XSS_RUNTIME = "<img src=x onerror=window.__xss=1>";
    static final String XSS_DATASET = "folder:/data/<img src=x onerror=window.__xss=2>";
    static final int PROGRESS_EVENTS = 520; // more than one 500-event page

    static ApiTestServer server;
    static ApiClient api;
    static RabbitTemplate rabbit;
    static MessagingProperties messaging;
    static JsonMapper json;
    static Path userDataDir;
    static WebDriver driver;

    @BeforeAll
    static void start() throws Exception {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present) {
            System.err.println("SKIPPED DashboardBrowserIT: no Chromium; install it with "
                    + "'apt-get install -y chromium chromium-driver'");
        }
        Assumptions.assumeTrue(present, "the dashboard test needs Chromium and its driver: "
                + "apt-get install -y chromium chromium-driver");
        server = ApiTestServer.start(Map.of(
                "slimfit.api.job-lease", "10m",
                "slimfit.api.device-offline-after", "10m",
                "slimfit.api.profiling-task-size", "60",
                "slimfit.api.sweep-millis", "200",
                "slimfit.api.fit-poll-millis", "200",
                "slimfit.api.outbox-poll-interval", "100ms"));
        api = server.client();
        rabbit = server.bean(RabbitTemplate.class);
        messaging = server.bean(MessagingProperties.class);
        json = server.bean(JsonMapper.class);

        // Selenium Manager must not look anything up: the driver and the browser are given explicitly.
        System.setProperty("se.offline", "true");
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        userDataDir = Files.createTempDirectory("slimfit-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1500,1300", "--user-data-dir=" + userDataDir);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
    }

    /**
     * Each test signs in as its own team: none leaves a key in the browser's session for the next, nor console
     * entries (the 401s of a poll racing the sign-out are drained here, not blamed on the next test).
     */
    @AfterEach
    void signOut() {
        if (driver != null) {
            js("sessionStorage.clear()");
            driver.get("about:blank");
            driver.manage().logs().get(LogType.BROWSER);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (driver != null) {
            driver.quit();
        }
        if (server != null) {
            server.close();
        }
        if (userDataDir != null) {
            try (var paths = Files.walk(userDataDir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    // ---------- the API side, as workers and agents drive it ----------

    static String teamKey() {
        Response created = api.post("/api/v1/admin/teams", ApiTestServer.ADMIN_KEY,
                "{\"name\":\"dash-" + UUID.randomUUID().toString().substring(0, 8) + "\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("apiKey").asString();
    }

    static String submit(String key, String body) {
        Response created = api.post("/api/v1/jobs", key, body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    static void claim(String job, String worker) {
        Response claim = api.post("/api/v1/worker/jobs/" + job + "/claim", ApiTestServer.WORKER_SECRET,
                "{\"workerId\":\"" + worker + "\"}");
        assertThat(claim.status()).as(claim.body()).isEqualTo(200);
    }

    static void succeed(String job, String worker, JobResult result) {
        Response done = api.post("/api/v1/worker/jobs/" + job + "/outcome", ApiTestServer.WORKER_SECRET,
                ApiClient.json(JobOutcome.succeeded(worker, result)));
        assertThat(done.status()).as(done.body()).isEqualTo(200);
    }

    static void progress(String job, String worker, JobProgress progress) {
        WorkerEvent event = new WorkerEvent(UUID.randomUUID(), UUID.fromString(job), worker,
                WorkerEventType.PROGRESS, Instant.now(), progress, null, null);
        rabbit.send(messaging.names().eventsExchange(), "job.event",
                MessageBuilder.withBody(json.writeValueAsBytes(event)).setContentType("application/json").build());
    }

    static List<Integer> list(int[] widths) {
        return Arrays.stream(widths).boxed().toList();
    }

    static long mid(long lo, long hi) {
        return (lo + hi) / 2;
    }

    /** Widths of one multiplier: each layer's widest choice up to that share of its base width. */
    static int[] uniform(double multiplier) {
        int[] widths = new int[FMNIST.layerCount()];
        for (int i = 0; i < widths.length; i++) {
            List<Integer> choices = FMNIST.layer(i).widthChoices();
            int target = (int) Math.floor(FMNIST.layer(i).baseWidth() * multiplier);
            widths[i] = choices.stream().filter(w -> w <= target).max(Integer::compare).orElse(choices.get(0));
        }
        return widths;
    }

    static double[][] unaries() {
        Random random = new Random(5);
        double[][] u = new double[FMNIST.layerCount()][];
        for (int i = 0; i < u.length; i++) {
            u[i] = new double[FMNIST.layer(i).widthChoices().size()];
            for (int c = 0; c < u[i].length; c++) {
                u[i][c] = 0.25 * c + (i == 2 ? 0.4 * c : 0) + random.nextGaussian() * 0.05;
            }
        }
        return u;
    }

    static List<List<Double>> stored(double[][] u) {
        return Arrays.stream(u).map(row -> Arrays.stream(row).boxed().toList()).toList();
    }

    record Decode(int[] widths, Decoded decoded) {
    }

    static Decode decode(double[][] u, long macs) {
        WidthDecoder decoder = new WidthDecoder(FMNIST, BudgetCost.of(Budget.ofMacs(macs), FMNIST, null));
        Decoded decoded = decoder.decode(u);
        return new Decode(decoder.widths(decoded), decoded);
    }

    /** A profiler agent for the planted device latency 0.2 ms + 2 ns per MAC, with 1% noise. */
    static void profile(String token) {
        Random noise = new Random(3);
        for (;;) {
            Response r = api.post("/api/v1/profiling-tasks/claim?waitSeconds=0", token, null);
            if (r.status() == 204) {
                return;
            }
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            JsonNode task = r.json();
            List<Map<String, Object>> rows = new ArrayList<>();
            JsonNode configurations = task.get("configurations");
            for (int i = 0; i < configurations.size(); i++) {
                List<Integer> widths = new ArrayList<>();
                configurations.get(i).forEach(w -> widths.add(w.asInt()));
                double ms = (0.2 + 2e-6 * NetworkCost.macs(FMNIST, widths.stream().mapToInt(Integer::intValue)
                        .toArray())) * (1 + 0.01 * noise.nextGaussian());
                rows.add(Map.of("index", i, "widths", widths, "latencyMs", ms, "spreadMs", 0.01));
            }
            String id = task.get("taskId").asString();
            Response upload = api.post("/api/v1/profiling-tasks/" + id + "/measurements", token,
                    ApiClient.json(Map.of("measurements", rows)));
            assertThat(upload.status()).as(upload.body()).isEqualTo(200);
            assertThat(api.post("/api/v1/profiling-tasks/" + id + "/complete", token, null).status()).isEqualTo(204);
        }
    }

    // ---------- the browser side ----------

    WebDriverWait waiting() {
        return new WebDriverWait(driver, Duration.ofSeconds(20), Duration.ofMillis(100));
    }

    WebElement id(String id) {
        return driver.findElement(By.id(id));
    }

    /** Clicks what the selector finds, again if a poll re-rendered it meanwhile. */
    void click(String css) {
        waiting().ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> {
            d.findElement(By.cssSelector(css)).click();
            return true;
        });
    }

    String text(String elementId) {
        return id(elementId).getText();
    }

    /** The text of a list row; lists re-render as they poll, so a row replaced while it is read is read again. */
    String rowText(String selector) {
        return waiting().ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d ->
                d.findElement(By.cssSelector(selector)).getText());
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Waits until the element holds a drawn chart canvas: sized, and with pixels that are not all transparent. */
    void chartDrawn(String elementId) {
        waiting().withMessage("a drawn chart in #" + elementId).until(d -> Boolean.TRUE.equals(js("""
                const c = document.querySelector('#' + arguments[0] + ' canvas');
                if (!c || c.width < 100 || c.height < 50) return false;
                const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                let painted = 0;
                for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
                return painted > 500;""", elementId)));
    }

    void screenshot(String name) throws Exception {
        Path target = Path.of("target", name);
        Files.createDirectories(target.getParent());
        Files.write(target, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        System.out.println("dashboard screenshot: " + target.toAbsolutePath());
    }

    static HttpResponse<String> plainGet(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.url() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aTeamWatchesJobsComparesArchitecturesAndInspectsDevices() throws Exception {
        try {
            walkThrough();
        } catch (Throwable t) {
            // What the page showed, for the report: a screenshot, the visible text, the console.
            screenshot("dashboard-failure.png");
            System.err.println("page text at failure:\n" + driver.findElement(By.tagName("body")).getText());
            driver.manage().logs().get(LogType.BROWSER).getAll().forEach(e -> System.err.println("console: " + e));
            throw t;
        }
    }

    void walkThrough() throws Exception {
        String key = teamKey();

        // A device whose runtime and hardware are markup, with a READY latency table for fmnist-small.
        Response registered = api.post("/api/v1/devices", ApiTestServer.ENROLLMENT_SECRET, ApiClient.json(Map.of(
                "name", "edge-" + UUID.randomUUID().toString().substring(0, 6), "runtime", XSS_RUNTIME,
                "hardware", Map.of("cpu", "<b>bold</b> 4 cores", "threads", 4))));
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        String deviceId = registered.json().get("deviceId").asString();
        String deviceName = registered.json().get("name").asString();
        Response table = api.post("/api/v1/latency-tables", key, ApiClient.json(Map.of("deviceId", deviceId,
                "searchSpace", "fmnist-small", "batchSize", 1, "samples", 200, "validationSamples", 40)));
        assertThat(table.status()).as(table.body()).isEqualTo(201);
        String tableId = table.json().get("id").asString();
        profile(registered.json().get("token").asString());
        await().atMost(Duration.ofSeconds(60)).until(() -> api.get("/api/v1/latency-tables/" + tableId, key)
                .json().get("status").asString().equals("READY"));

        long minMacs = NetworkCost.macs(FMNIST, FMNIST.smallest());
        long maxMacs = NetworkCost.macs(FMNIST, FMNIST.largest());
        long macs = mid(minMacs, maxMacs);
        String budget = "{\"macs\":" + macs + "}";

        // The uniform baseline at the same budget.
        String uniformJob = submit(key, """
                {"method":"UNIFORM","searchSpace":"fmnist-small","dataset":"fashion-mnist","budget":%s}"""
                .formatted(budget));
        claim(uniformJob, "w-u");
        int[] uniformWidths = uniform(0.5);
        succeed(uniformJob, "w-u", new JobResult(list(uniformWidths), NetworkCost.macs(FMNIST, uniformWidths),
                NetworkCost.params(FMNIST, uniformWidths), null, null, 0.83, "cpu", null, List.of(),
                Map.of("validationAccuracy", 0.84), List.of()));

        // An AOWS job with more progress reports than one events page, an artifact and a full result.
        String aowsJob = submit(key, """
                {"method":"AOWS","searchSpace":"fmnist-small","dataset":"fashion-mnist","budget":%s,
                 "training":{"epochs":4,"finalEpochs":1}}""".formatted(budget));
        claim(aowsJob, "w-a");
        double[][] u = unaries();
        int[] own = decode(u, macs).widths();
        for (int s = 1; s <= PROGRESS_EVENTS; s++) {
            boolean fineTune = s > 400;
            progress(aowsJob, "w-a", new JobProgress(1 + s / 130, s, PROGRESS_EVENTS,
                    Map.of(fineTune ? "fineTune" : "supernet", 2.3 * Math.exp(-s / 150.0) + 0.2,
                            "accuracy", 0.1 + 0.8 * (1 - Math.exp(-s / 120.0))),
                    fineTune ? 1400.0 : 420.0, PROGRESS_EVENTS - s, list(own), (double) macs,
                    fineTune ? "fine-tune" : "supernet", fineTune ? s - 400 : s, fineTune ? 120 : 400, 10.0));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> api.get("/api/v1/jobs/" + aowsJob + "/events?after="
                + PROGRESS_EVENTS + "&limit=10", key).json().get("events").size() >= 2);
        Response artifact = api.send("PUT", "/api/v1/worker/jobs/" + aowsJob + "/artifacts/architecture.json",
                ApiTestServer.WORKER_SECRET, "{\"widths\":" + list(own) + "}",
                List.of("Content-Type", "application/json", "X-Worker-Id", "w-a"));
        assertThat(artifact.status()).as(artifact.body()).isEqualTo(204);
        List<JobResult.FrontPoint> front = new ArrayList<>();
        for (int i = 1; i <= 9; i++) {
            long b = minMacs + (maxMacs - minMacs) * i / 10;
            Decode d = decode(u, b);
            front.add(new JobResult.FrontPoint(b, d.decoded().cost(), d.decoded().unaryScore(), list(d.widths())));
        }
        succeed(aowsJob, "w-a", new JobResult(list(own), NetworkCost.macs(FMNIST, own),
                NetworkCost.params(FMNIST, own), 0.41, 0.43, 0.874, "cpu", stored(u), front,
                Map.of("supernetValidationAccuracy", 0.86, "imagesPerSecond", 1400.0), List.of("architecture.json")));

        // A running job whose dataset is markup, and a newer queued one: the running one is shown first.
        String runningJob = submit(key, """
                {"method":"OWS","searchSpace":"fmnist-small","dataset":"%s","budget":{"params":%d}}"""
                .formatted(XSS_DATASET, mid(NetworkCost.params(FMNIST, FMNIST.smallest()),
                        NetworkCost.params(FMNIST, FMNIST.largest()))));
        claim(runningJob, "w-r");
        progress(runningJob, "w-r", new JobProgress(1, 30, 400, Map.of("supernet", 1.9), 380.0, 95.0,
                list(uniform(0.75)), 9e4, "supernet", 30, 300, 70.0));
        String queuedJob = submit(key, """
                {"method":"AOWS","searchSpace":"fmnist-small","dataset":"fashion-mnist","budget":%s}"""
                .formatted(budget));
        await().atMost(Duration.ofSeconds(20)).until(() ->
                api.get("/api/v1/jobs/" + runningJob, key).json().get("progress").isObject());

        // The CSP forbids inline script on the page and the assets.
        for (String path : List.of("/", "/index.html", "/dashboard.js", "/dashboard-api.js",
                "/webjars/echarts/5.3.1/dist/echarts.min.js")) {
            HttpResponse<String> page = plainGet(path);
            assertThat(page.statusCode()).as(path).isEqualTo(200);
            String csp = page.headers().firstValue("Content-Security-Policy").orElse("");
            assertThat(csp).as(path).contains("script-src 'self'").contains("default-src 'none'")
                    .contains("frame-ancestors 'none'");
            assertThat(csp.split(";")[1]).as("script-src of " + path).doesNotContain("unsafe-inline")
                    .doesNotContain("unsafe-eval");
        }
        assertThat(plainGet("/").body()).doesNotContain("onclick=").doesNotContainPattern("<script>");

        // Sign in: the key goes to sessionStorage only and is never shown.
        driver.get(server.url() + "/");
        id("api-key").sendKeys(key);
        driver.findElement(By.cssSelector("#sign-in button[type=submit]")).click();
        waiting().until(d -> d.findElements(By.cssSelector("#jobs tbody tr")).size() == 4);
        assertThat(js("return sessionStorage.getItem('slimfit.apiKey')")).isEqualTo(key);
        assertThat(js("return localStorage.length")).isEqualTo(0L);
        assertThat(id("api-key").getAttribute("value")).isEmpty();
        assertThat(driver.getPageSource()).doesNotContain(key);

        // The running job is selected, not the newest (queued) one; its markup dataset is plain text.
        waiting().until(d -> text("detail-facts").contains(runningJob));
        assertThat(text("detail-title")).startsWith("OWS on fmnist-small");
        assertThat(text("detail-facts")).contains(XSS_DATASET);
        assertThat(driver.findElements(By.cssSelector("#detail img, #jobs img"))).isEmpty();
        assertThat(text("detail-progress")).contains("supernet 30/300").contains("ETA");
        assertThat(rowText("#jobs tr[data-id='" + queuedJob + "']")).contains("QUEUED");
        assertThat(rowText("#jobs tr[data-id='" + runningJob + "']")).contains("RUNNING").contains("supernet 30/300");

        // The finished AOWS job: every event (past the first page), curves, widths against the UNIFORM job, front.
        click("#jobs tr[data-id='" + aowsJob + "']");
        waiting().until(d -> text("loss-caption").contains(PROGRESS_EVENTS + " progress reports"));
        assertThat(text("loss-caption")).contains("test accuracy 87.40 %");
        chartDrawn("loss-chart");
        chartDrawn("widths-chart");
        assertThat(text("widths-caption")).contains("UNIFORM job " + uniformJob.substring(0, 8));
        chartDrawn("pareto-chart");
        assertThat(id("gates-block").isDisplayed()).as("gate histograms are DNAL's alone").isFalse();
        chartDrawn("latency-chart");
        assertThat(text("metrics")).contains("87.40 %").contains("supernetValidationAccuracy");
        assertThat(Integer.parseInt(text("events-caption").replaceAll("\\D", ""))).isGreaterThan(PROGRESS_EVENTS);
        assertThat(text("detail-progress")).as("no live figures after success").isEmpty();
        assertThat(driver.findElement(By.cssSelector("#artifacts a[data-artifact='architecture.json']"))
                .isDisplayed()).isTrue();
        assertThat(id("cancel-job").isDisplayed()).isFalse();

        // Re-decode at a smaller MAC budget: the dashboard shows what the API decodes.
        long smaller = minMacs + (maxMacs - minMacs) / 5;
        new Select(id("decode-kind")).selectByValue("macs");
        id("decode-value").sendKeys(Long.toString(smaller));
        driver.findElement(By.cssSelector("#decode-form button[type=submit]")).click();
        JsonNode expected = api.post("/api/v1/jobs/" + aowsJob + "/decode", key,
                "{\"budget\":{\"macs\":" + smaller + "}}").json();
        List<String> widths = new ArrayList<>();
        expected.get("widths").forEach(w -> widths.add(w.asString()));
        waiting().until(d -> d.findElements(By.id("decoded-widths")).size() == 1);
        assertThat(text("decoded-widths")).isEqualTo(String.join(" · ", widths));
        assertThat(text("widths-caption")).contains("re-decoded at");
        // And for a latency on the device, from the dropdown.
        new Select(id("decode-kind")).selectByValue("latencyMs");
        new Select(id("decode-device")).selectByValue(deviceId);
        waiting().until(d -> text("decode-hint").contains("ms on this device"));
        JsonNode ready = api.get("/api/v1/latency-tables/" + tableId, key).json();
        double midMs = (ready.get("minLatencyMs").asDouble() + ready.get("maxLatencyMs").asDouble()) / 2;
        id("decode-value").clear();
        id("decode-value").sendKeys(String.format(java.util.Locale.ROOT, "%.4f", midMs));
        driver.findElement(By.cssSelector("#decode-form button[type=submit]")).click();
        waiting().until(d -> text("decode-result").contains("predicted latency"));
        // An infeasible budget gives the problem's detail and field.
        id("decode-value").clear();
        id("decode-value").sendKeys("0.0001");
        driver.findElement(By.cssSelector("#decode-form button[type=submit]")).click();
        waiting().until(d -> id("decode-error").isDisplayed());
        assertThat(text("decode-error")).startsWith("budget.");
        js("window.scrollTo(0, 0)");
        screenshot("dashboard-job.png");

        // The submit form: only implemented methods, the dataset that fits, limits, devices from a dropdown.
        id("new-job-toggle").click();
        Select method = new Select(id("job-method"));
        assertThat(method.getOptions()).filteredOn(WebElement::isEnabled).extracting(WebElement::getText)
                .containsExactly("AOWS", "OWS", "DNAL", "UNIFORM");
        assertThat(id("job-dataset").getAttribute("value")).isEqualTo("fashion-mnist");
        assertThat(text("job-limits")).contains("MACs").contains("params");
        new Select(id("job-budget-kind")).selectByValue("latencyMs");
        new Select(id("job-device")).selectByValue(deviceId);
        waiting().until(d -> text("job-limits").matches("(?s).*" + deviceName + ": latency [0-9.]+ – [0-9.]+ ms.*"));
        new Select(id("job-budget-kind")).selectByValue("macs");
        id("job-budget-value").sendKeys("1");
        driver.findElement(By.cssSelector("#new-job button[type=submit]")).click();
        waiting().until(d -> id("job-form-error").isDisplayed());
        assertThat(text("job-form-error")).startsWith("budget");
        id("job-budget-value").clear();
        id("job-budget-value").sendKeys(Long.toString(macs));
        driver.findElement(By.cssSelector("#new-job button[type=submit]")).click();
        waiting().until(d -> d.findElements(By.cssSelector("#jobs tbody tr")).size() == 5);

        // Cancel the running job from its detail: the API moves it to CANCELLING and the list says so.
        click("#jobs tr[data-id='" + runningJob + "']");
        waiting().ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> text("detail-facts").contains(runningJob) && id("cancel-job").isDisplayed());
        id("cancel-job").click();
        waiting().until(d -> api.get("/api/v1/jobs/" + runningJob, key).json().get("status").asString()
                .equals("CANCELLING"));
        waiting().ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> driver.findElement(
                By.cssSelector("#jobs tr[data-id='" + runningJob + "']")).getText().contains("CANCELLING"));
        waiting().until(d -> !id("cancel-job").isDisplayed());

        // Devices: status, hardware, runtime as text; the READY table's heatmap and validation scatter.
        id("tab-devices").click();
        waiting().until(d -> d.findElements(By.cssSelector("#devices tbody tr")).size() >= 1);
        assertThat(rowText("#devices tr[data-id='" + deviceId + "']")).contains(deviceName).contains("ONLINE").contains(XSS_RUNTIME)
                .contains("<b>bold</b> 4 cores").contains("s ago");
        assertThat(driver.findElements(By.cssSelector("#devices img, #devices b"))).isEmpty();
        click("#devices tr[data-id='" + deviceId + "']");
        waiting().until(d -> text("tables").contains("READY"));
        waiting().until(d -> text("scatter-caption").contains("40 held-out networks"));
        chartDrawn("heatmap-chart");
        chartDrawn("scatter-chart");
        assertThat(text("table-facts")).contains("NRMSE").contains("latency range");
        screenshot("dashboard-devices.png");

        assertThat(js("return window.__xss === undefined")).isEqualTo(true);
        List<String> severe = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::getMessage)
                // the refused submissions above answered 422 on purpose; the browser has no favicon
                .filter(m -> !m.contains(" 422 ") && !m.contains("favicon.ico"))
                .toList();
        assertThat(severe).as("browser console errors (CSP violations, script errors)").isEmpty();
    }

    @Test
    void aDnalJobShowsItsGatesPerLayerAndHowItLanded() throws Exception {
        String key = teamKey();
        long macs = mid(NetworkCost.macs(FMNIST, FMNIST.smallest()), NetworkCost.macs(FMNIST, FMNIST.largest()));
        String job = submit(key, """
                {"method":"DNAL","searchSpace":"fmnist-small","dataset":"fashion-mnist","budget":{"macs":%d},
                 "training":{"epochs":4,"finalEpochs":1}}""".formatted(macs));
        claim(job, "w-dnal");
        int[] widths = uniform(0.5);
        List<DnalReport.GateLayer> layers = new ArrayList<>();
        for (int i = 0; i < widths.length; i++) {
            int channels = FMNIST.layer(i).maxWidth();
            int open = widths[i] - 2;
            layers.add(new DnalReport.GateLayer(i, channels, open, widths[i],
                    List.of(channels - open - 2, 1, 0, 0, 0, 1, 0, 0, 0, open)));
        }
        double used = (double) NetworkCost.macs(FMNIST, widths) / macs;
        succeed(job, "w-dnal", new JobResult(list(widths), NetworkCost.macs(FMNIST, widths),
                NetworkCost.params(FMNIST, widths), null, null, 0.851, "cpu", null, List.of(),
                Map.of("lambda", 2.75, "budgetUsed", used), List.of(),
                new DnalReport(2.75, 1e4, "decoded", 0.8 * macs, used, layers)));

        driver.get(server.url() + "/");
        id("api-key").sendKeys(key);
        driver.findElement(By.cssSelector("#sign-in button[type=submit]")).click();
        waiting().until(d -> d.findElements(By.cssSelector("#jobs tbody tr")).size() == 1);
        click("#jobs tr[data-id='" + job + "']");
        waiting().until(d -> id("gates-block").isDisplayed());
        assertThat(text("gates-caption")).contains("decoded from the gates under the budget")
                .contains(String.format(java.util.Locale.ROOT, "%.1f %% of the budget", 100 * used))
                .contains("lambda 2.75");
        chartDrawn("gates-chart");
        assertThat(text("metrics")).contains("85.10 %");
    }

    @Test
    void anEnas4dJobShowsItsExitSharesThresholdsAndAverageAgainstWorstCaseMacs() throws Exception {
        String key = teamKey();
        StagedSpace space = StagedSpaces.find("fmnist-stages").orElseThrow();
        long cheapest = StagedCost.cumulativeMacs(space, space.smallest(), 0);
        long budget = mid(cheapest, StagedCost.worstCaseMacs(space, space.largest()));
        String job = submit(key, """
                {"method":"ENAS4D","searchSpace":"fmnist-stages","dataset":"fashion-mnist",
                 "budget":{"averageMacs":%d},"training":{"epochs":2,"finalEpochs":1}}""".formatted(budget));
        claim(job, "w-enas4d");
        StagedConfiguration chosen = space.largest();
        long[] cumulative = StagedCost.cumulativeMacs(space, chosen);
        List<Double> shares = List.of(0.55, 0.15, 0.30);
        double average = 0;
        for (int k = 0; k < cumulative.length; k++) {
            average += shares.get(k) * cumulative[k];
        }
        long worst = StagedCost.worstCaseMacs(space, chosen);
        EarlyExitReport report = new EarlyExitReport(chosen.stages().stream()
                .map(s -> new EarlyExitReport.Stage(s.depth(), s.kernel(), s.width())).toList(),
                chosen.resolution(), List.of(0.91, 0.8, 0.0), "direct", List.of(0.53, 0.16, 0.31), shares,
                List.of(0.74, 0.8, 0.83), Arrays.stream(cumulative).boxed().toList(), budget, average * 1.01,
                average, worst, 0.824, 0.817);
        succeed(job, "w-enas4d", new JobResult(chosen.stages().stream().map(s -> s.width()).toList(), worst,
                StagedCost.totalParams(space, chosen), null, null, 0.817, "cpu", null, List.of(),
                Map.of("averageMacs", average, "worstCaseMacs", (double) worst), List.of(), null, report));

        driver.get(server.url() + "/");
        id("api-key").sendKeys(key);
        driver.findElement(By.cssSelector("#sign-in button[type=submit]")).click();
        waiting().until(d -> d.findElements(By.cssSelector("#jobs tbody tr")).size() == 1);
        click("#jobs tr[data-id='" + job + "']");
        waiting().until(d -> id("exits-block").isDisplayed());
        assertThat(text("exits-caption"))
                .contains(String.format(java.util.Locale.ROOT, "average %.1f k MACs on the test split", average / 1e3))
                .contains(String.format(java.util.Locale.ROOT, "budget %.1f k", budget / 1e3))
                .contains(String.format(java.util.Locale.ROOT, "worst case %.1f k", worst / 1e3))
                .contains("81.7 % with early exits").contains("direct thresholds")
                .contains("2×k5 w16 · 2×k5 w32 · 2×k5 w64 at 28 px");
        chartDrawn("exits-chart");
        assertThat(js("return echarts.getInstanceByDom(document.getElementById('exits-chart')).getOption()"
                + ".series.map(s => s.name + ':' + JSON.stringify(s.data)).join('|')").toString())
                .contains("test share:[0.55,0.15,0.3]").contains("threshold:[0.91,0.8,0]")
                .contains("MACs to leave here:" + Arrays.toString(cumulative).replace(" ", ""));
        assertThat(id("gates-block").isDisplayed()).as("no DNAL gates for an ENAS4D job").isFalse();
        assertThat(text("metrics")).contains("81.70 %");
    }
}
