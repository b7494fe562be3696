"""Benchmark: the portal's Chinese full-text search and its pages on a large register.

Run from the repository root:

    .venv/bin/python benchmarks/portal.py --size 1000000
    .venv/bin/python benchmarks/portal.py --size 1000000 --database postgresql

1. Builds (or, with --reuse, reuses) a SEPARATE database holding `--size` published items with
   realistic Chinese titles and bodies generated from word lists (fixed seed), bulk-loaded with
   their search documents. SQLite: var/bench/portal-N.sqlite3, executemany, then the FTS5 index.
   PostgreSQL: a cluster of its own (`core.pgcluster`, kept in /tmp/zhengwu-bench-pg-N for
   --reuse), COPY, then the full-text indexes the migrations define (dropped for the load).
   Segmentation: every generated text is a concatenation of dictionary words, so its jieba tokens
   are computed word by word (`cut_for_search` of each word, cached) — the same tokens the
   publication service would store, without running jieba over 10⁸ characters.
2. Search latency through the search view (Django test client, full request/response cycle) for
   `--queries` one- and two-word queries, p50/p95; and the raw full-text query's p95 for the same
   queries — the statements the view runs, as SQL (`selectors.candidate_querysets`: the index's
   newest matches inside the public gate, in the title and anywhere). On SQLite it also prints,
   for reference, the p95 of FTS5's bm25 over *every* match (20 queries), unused by the portal.
3. Throughput against a bare "hello" view, all served by the same gunicorn (2 sync workers, DEBUG
   off), driven by `--clients` keep-alive-less HTTP client threads for `--seconds` each. The hello
   view lives in this file's own URLconf, never in production URLs. Measured: the item page on
   200 popular items (the visitor page cache warm; the figure of `page_vs_hello`), item pages
   never requested before (`cold_vs_hello`), catalogue pages never requested before (page numbers
   and year filters) and search result pages never requested before (a query and a page).

Last line: ``search_p95_ms=P raw_p95_ms=R page_vs_hello=X cold_vs_hello=Y``.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

from zhengwu.core.ports import free_port

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
SEED = 20261126
REFERENCE_QUERIES = 20
# The benchmark's PostgreSQL: a production-like memory budget for a 2-core, 24 GiB machine.
PG_SETTINGS = ("-c", "shared_buffers=1GB", "-c", "effective_cache_size=4GB", "-c", "work_mem=16MB")

# When gunicorn imports this module as the URLconf (ROOT_URLCONF="portal"), only this part runs.
if os.environ.get("ZHENGWU_BENCH_URLCONF") == "1":
    from django.http import HttpResponse
    from django.urls import include, path

    def hello(request):
        return HttpResponse("hello")

    urlpatterns = [path("hello/", hello), path("", include("zhengwu.urls"))]

PLACES = ["示例市", "城东区", "城西区", "高新区", "经开区", "滨江新区", "北山县", "南湖镇"]
SUBJECTS = [
    "大气污染",
    "水污染",
    "土壤污染",
    "固体废物",
    "危险废物",
    "噪声污染",
    "扬尘",
    "挥发性有机物",
    "臭氧",
    "细颗粒物",
    "饮用水水源",
    "河湖",
    "入河排污口",
    "黑臭水体",
    "重点排污单位",
    "建设项目",
    "环境影响评价",
    "排污许可",
    "生态保护红线",
    "自然保护区",
    "秸秆焚烧",
    "机动车尾气",
    "餐饮油烟",
    "工业园区",
    "污水处理厂",
    "垃圾分类",
    "医疗废物",
    "辐射安全",
    "温室气体",
    "碳排放",
]
ACTS = [
    "防治工作方案",
    "专项整治行动方案",
    "监督检查情况",
    "行政处罚决定",
    "环境质量状况",
    "管理办法",
    "实施细则",
    "应急预案",
    "审批结果公示",
    "执法检查通报",
    "整改情况报告",
    "监测数据发布",
    "征求意见公告",
    "工作要点",
    "考核结果",
    "项目环境影响报告书的批复",
    "许可证核发情况",
]
YEARS = [f"{y}年" for y in range(2019, 2027)]
PREFIX = ["关于印发", "关于开展", "关于公布", "关于做好", "关于进一步加强", ""]
SENTENCE_WORDS = [
    "为",
    "深入",
    "贯彻",
    "落实",
    "党中央",
    "国务院",
    "决策部署",
    "持续",
    "改善",
    "生态环境",
    "质量",
    "推进",
    "污染防治",
    "攻坚战",
    "加强",
    "监管",
    "执法",
    "督察",
    "整改",
    "各区",
    "有关部门",
    "企业",
    "要",
    "按照",
    "职责分工",
    "认真",
    "组织",
    "实施",
    "确保",
    "任务",
    "完成",
    "严格",
    "依法",
    "查处",
    "违法",
    "行为",
    "公众",
    "监督",
    "举报",
    "信息公开",
    "监测",
    "数据",
    "同比",
    "下降",
    "上升",
    "百分点",
    "达标",
    "排放",
    "治理",
    "设施",
    "运行",
    "情况",
    "检查",
    "发现",
    "问题",
    "限期",
    "整改到位",
    "责任",
    "追究",
    "宣传",
]


def make_text(rng: random.Random) -> tuple[list[str], list[str], str]:
    """Title words, body words and a summary, all from the word lists."""
    subject = rng.choice(SUBJECTS)
    title = [w for w in (rng.choice(PREFIX), rng.choice(PLACES), rng.choice(YEARS), subject,
                          rng.choice(ACTS)) if w]  # fmt: skip
    body: list[str] = []
    for _ in range(rng.randint(6, 10)):
        body.extend(rng.choice(SENTENCE_WORDS) for _ in range(rng.randint(6, 12)))
        if rng.random() < 0.5:
            body.append(rng.choice(SUBJECTS))
        body.append("。")
    return title, body, "".join(body[:20])


ITEM_COLUMNS = (
    "id, bureau_id, publisher_unit_id, index_number, title, summary, category_id, "
    "document_number, formed_on, changed_on, published_on, attribute, withhold_reason, "
    "withhold_note, reassess_on, is_normative, validity, supersedes_id, body, status, author_id, "
    "is_confidential, approved_by_id, approved_at, view_count, created_at, updated_at"
)


def setup_register(url: str) -> tuple[int, int, list[int], object]:
    """Migrate, create the bureau and the author; (bureau, author, leaf categories, jieba)."""
    import django

    os.environ["DATABASE_URL"] = url
    django.setup()
    from django.core.management import call_command

    from zhengwu.disclosure.search import _lib

    call_command("migrate", verbosity=0)
    from zhengwu.disclosure.models import Category
    from zhengwu.org.models import Bureau, Person

    bureau = Bureau.objects.create(name="示例市生态环境局", code="SLJ-HB")
    author = Person.objects.create(username="bench", full_name="基准测试", bureau=bureau)
    categories = list(Category.objects.filter(parent__isnull=False).values_list("pk", flat=True))
    jieba = _lib()
    from django.db import connection

    connection.close()
    return bureau.pk, author.pk, categories, jieba


def generate(size: int, bureau: int, author: int, categories: list[int], jieba, batch: int):
    """Batches of (item rows, search document rows), the same for both databases (fixed seed)."""
    from zhengwu.disclosure.search import _clean

    cache: dict[str, list[str]] = {}

    def tokens_of(words: list[str]) -> str:
        out: list[str] = []
        for w in words:
            t = cache.get(w)
            if t is None:
                t = cache[w] = _clean(jieba.cut_for_search(w))
            out.extend(t)
        return " ".join(out)

    rng = random.Random(SEED)
    for first in range(1, size + 1, batch):
        items, docs = [], []
        for pk in range(first, min(size, first + batch - 1) + 1):
            title_words, body_words, summary = make_text(rng)
            year = 2019 + (pk * 8) // (size + 1)
            day = f"{year}-{1 + pk % 12:02d}-{1 + pk % 28:02d}"
            title = "".join(title_words)
            items.append((pk, bureau, f"SLJ-HB/{year}-{pk:07d}", title, summary,
                          rng.choice(categories), day, day, "".join(body_words), author,
                          rng.randint(0, 500), f"{day} 08:00:00", f"{day} 08:00:00"))  # fmt: skip
            title_tokens = tokens_of(title_words)
            docs.append((pk, title_tokens, title_tokens + " " + tokens_of(body_words)))
        yield items, docs


def build_sqlite(db: Path, size: int) -> None:
    if db.exists():
        db.unlink()
    for suffix in ("-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    bureau, author, categories, jieba = setup_register(f"sqlite:///{db}")
    con = sqlite3.connect(db)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=OFF")
    con.execute("PRAGMA cache_size=-200000")
    start = time.perf_counter()
    item_sql = (
        f"INSERT INTO disclosure_informationitem ({ITEM_COLUMNS}) VALUES "
        "(?, ?, NULL, ?, ?, ?, ?, '', ?, NULL, ?, 'proactive', '', '', NULL, 0, '', NULL, ?, "
        "'published', ?, 0, NULL, NULL, ?, ?, ?)"
    )
    done = 0
    for items, docs in generate(size, bureau, author, categories, jieba, 20_000):
        with con:
            con.executemany(item_sql, items)
            con.executemany(
                "INSERT INTO disclosure_searchdocument (item_id, title_tokens, tokens) "
                "VALUES (?, ?, ?)",
                docs,
            )
        done += len(items)
        if done % 100_000 == 0 or done == size:
            print(f"  loaded {done:,} items in {time.perf_counter() - start:.0f} s", flush=True)
    fts_start = time.perf_counter()
    with con:
        con.execute("INSERT INTO disclosure_fts(disclosure_fts) VALUES ('rebuild')")
        con.execute("INSERT INTO disclosure_fts(disclosure_fts) VALUES ('optimize')")
    con.execute("ANALYZE")
    con.close()
    print(f"  FTS5 index built in {time.perf_counter() - fts_start:.0f} s", flush=True)


def build_postgresql(url: str, size: int) -> None:
    """COPY the items and their search documents; the full-text indexes the migrations made are
    dropped for the load and created again after it (as the migrations define them)."""
    import psycopg

    bureau, author, categories, jieba = setup_register(url)
    con = psycopg.connect(url.replace("postgres://", "postgresql://"), autocommit=True)
    indexes = con.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'disclosure_searchdocument' "
        "AND indexdef ILIKE '%USING gin%'"
    ).fetchall()
    for name, _definition in indexes:
        con.execute(f'DROP INDEX "{name}"')
    start = time.perf_counter()
    done = 0
    for items, docs in generate(size, bureau, author, categories, jieba, 20_000):
        with con.transaction(), con.cursor() as cursor:
            with cursor.copy(f"COPY disclosure_informationitem ({ITEM_COLUMNS}) FROM STDIN") as cp:
                for (pk, bur, number, title, summary, category, formed, published, body, auth,
                     views, created, updated) in items:  # fmt: skip
                    cp.write_row((pk, bur, None, number, title, summary, category, "", formed,
                                  None, published, "proactive", "", "", None, False, "", None,
                                  body, "published", auth, False, None, None, views,
                                  f"{created}+08", f"{updated}+08"))  # fmt: skip
            with cursor.copy(
                "COPY disclosure_searchdocument (item_id, title_tokens, tokens) FROM STDIN"
            ) as cp:
                for row in docs:
                    cp.write_row(row)
        done += len(items)
        if done % 100_000 == 0 or done == size:
            print(f"  loaded {done:,} items in {time.perf_counter() - start:.0f} s", flush=True)
    index_start = time.perf_counter()
    con.execute("SET maintenance_work_mem = '512MB'")
    for _name, definition in indexes:
        con.execute(definition)
    con.execute(
        "SELECT setval(pg_get_serial_sequence('disclosure_informationitem', 'id'), %s)", [size]
    )
    con.execute("VACUUM ANALYZE")
    con.close()
    print(
        f"  full-text indexes built, vacuumed in {time.perf_counter() - index_start:.0f} s",
        flush=True,
    )


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def make_queries(count: int) -> list[str]:
    rng = random.Random(SEED + 1)
    words = [*SUBJECTS, "执法", "监测", "整改", "排放", "治理", "质量", "许可", "公示", "方案"]
    queries = []
    for _ in range(count):
        if rng.random() < 0.5:
            queries.append(rng.choice(words))
        else:
            queries.append(rng.choice(PLACES) + rng.choice(words))
    return queries


def measure_search(url: str, queries: list[str]) -> tuple[float, float, float]:
    import django

    os.environ["DATABASE_URL"] = url
    django.setup()
    from django.db import connection
    from django.test import Client

    from zhengwu.disclosure import search
    from zhengwu.disclosure.selectors import SEARCH_CANDIDATES, candidate_querysets

    client = Client()
    for q in queries[:10]:  # warm-up: jieba dictionary, page cache, template cache
        client.get("/search/", {"q": q})
    view_ms: list[float] = []
    raw_ms: list[float] = []
    for q in queries:
        t0 = time.perf_counter()
        response = client.get("/search/", {"q": q})
        view_ms.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200
        # The view's full-text statements as SQL, compiled beforehand: the index's newest matches
        # inside the public gate, in the title and anywhere.
        statements = [
            qs.query.sql_with_params() for qs in candidate_querysets(search.query_tokens(q))
        ]
        t0 = time.perf_counter()
        with connection.cursor() as cursor:
            for sql, params in statements:  # as the view: "anywhere" only if the title hits
                cursor.execute(sql, params)  # leave room in the window
                if len(cursor.fetchall()) >= SEARCH_CANDIDATES:
                    break
        raw_ms.append((time.perf_counter() - t0) * 1000)
    if connection.vendor != "sqlite":
        return statistics.median(view_ms), percentile(view_ms, 95), percentile(raw_ms, 95)
    # For reference: FTS5's bm25 over every match (what the portal does not do, see search.py).
    full_ms: list[float] = []
    for q in queries[:REFERENCE_QUERIES]:  # every match scored: slow on common words
        tokens = search.query_tokens(q)
        t0 = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT rowid FROM disclosure_fts WHERE disclosure_fts MATCH %s "
                "ORDER BY bm25(disclosure_fts) LIMIT 20",
                [search.fts_expression(tokens)],
            )
            cursor.fetchall()
        full_ms.append((time.perf_counter() - t0) * 1000)
    full95 = percentile(full_ms, 95)
    print(f"bm25 over every match (reference, {REFERENCE_QUERIES} queries): p95 {full95:.1f} ms")
    return statistics.median(view_ms), percentile(view_ms, 95), percentile(raw_ms, 95)


def hammer(port: int, paths: list[str], seconds: float, clients: int) -> float:
    """Requests per second over `seconds`, `clients` threads, fresh connection per request."""
    stop = time.perf_counter() + seconds
    counts = [0] * clients
    errors = [0] * clients

    def run(n: int) -> None:
        rng = random.Random(n)
        while time.perf_counter() < stop:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            try:
                conn.request("GET", rng.choice(paths))
                response = conn.getresponse()
                response.read()
                if response.status == 200:
                    counts[n] += 1
                else:
                    errors[n] += 1
            except OSError:  # a timeout on a machine others load too: counted, not fatal
                errors[n] += 1
            finally:
                conn.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - t0
    if sum(errors):
        print(f"  ({sum(errors)} non-200 responses)")
    return sum(counts) / elapsed


def measure_throughput(
    url: str, size: int, seconds: float, clients: int
) -> tuple[float, float, float, float, float]:
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "ZHENGWU_DEBUG": "0",
        "ZHENGWU_BENCH_URLCONF": "1",
        "DJANGO_SETTINGS_MODULE": "portal_settings",
        "PYTHONPATH": f"{Path(__file__).parent}{os.pathsep}{os.environ.get('PYTHONPATH', '')}",
    }
    settings_file = Path(__file__).parent / "portal_settings.py"
    settings_file.write_text(
        "# Written by benchmarks/portal.py: production settings plus the benchmark's URLconf.\n"
        "from zhengwu.settings import *  # noqa: F403\n\n"
        'ROOT_URLCONF = "portal"\n'
    )
    gunicorn = Path(sys.executable).parent / "gunicorn"
    server = subprocess.Popen(
        [str(gunicorn), "zhengwu.wsgi:application", "--workers", "2", "--bind",
         f"127.0.0.1:{port}", "--log-level", "warning"],
        env=env,
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/hello/")
                break
            except OSError:
                time.sleep(0.2)
        rng = random.Random(SEED + 2)
        # Readers go to the pages in the news: 200 distinct items, as a warm cache sees them.
        popular = [f"/info/{rng.randint(1, size)}/" for _ in range(200)]
        # Cold: every request a different item (never cached before).
        cold = [f"/info/{pk}/" for pk in rng.sample(range(1, size + 1), min(size, 200_000))]
        hammer(port, ["/hello/"], 2, clients)  # warm-up
        for path in popular:
            for _ in range(2):  # both workers
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                conn.request("GET", path)
                conn.getresponse().read()
                conn.close()
        hello = hammer(port, ["/hello/"], seconds, clients)
        page = hammer(port, popular, seconds, clients)
        page_cold = hammer(port, cold, seconds, clients)
        # Catalogue pages and search results never requested before: a page number, a filter or
        # a query (with a page) no visitor asked for in this run.
        catalogue = [f"/catalogue/?page={n}" for n in range(1, 501)]
        catalogue += [
            f"/catalogue/?year={y}&page={n}" for y in range(2019, 2027) for n in range(1, 61)
        ]
        rng.shuffle(catalogue)
        catalogue_cold = hammer(port, catalogue, seconds, clients)
        words = make_queries(2000)
        searches = [f"/search/?q={quote(q)}&page={n}" for q in words for n in range(1, 6)]
        rng.shuffle(searches)
        search_cold = hammer(port, searches, seconds, clients)
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        settings_file.unlink(missing_ok=True)
    return hello, page, page_cold, catalogue_cold, search_cold


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--reuse", action="store_true", help="reuse an existing database")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhengwu.settings")
    os.environ["ZHENGWU_DEBUG"] = "0"
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    cluster = None
    if args.database == "postgresql":
        from zhengwu.core.pgcluster import Cluster

        # The cluster's folder is kept for --reuse (under /tmp: the postgres user must reach it).
        folder = Path(tempfile.gettempdir()) / f"zhengwu-bench-pg-{args.size}"
        if not args.reuse:
            shutil.rmtree(folder, ignore_errors=True)
        cluster = Cluster(directory=folder, settings=PG_SETTINGS)
        exists = cluster.existed
        url = cluster.url("bench")
        if not exists:
            cluster.create_database("bench")
        where = f"PostgreSQL {cluster.version()} in {folder}"
    else:
        db = BENCH_DIR / f"portal-{args.size}.sqlite3"
        exists = db.exists()
        url = f"sqlite:///{db}"
        where = str(db)
    try:
        print(f"portal benchmark: {args.size:,} published items in {where}")
        if not (args.reuse and exists):
            t0 = time.perf_counter()
            if cluster is not None:
                build_postgresql(url, args.size)
            else:
                build_sqlite(db, args.size)
            print(f"  built in {time.perf_counter() - t0:.0f} s")
        else:
            subprocess.run(
                [str(Path(sys.executable).parent / "zhengwu"), "migrate", "-v0"],
                env={**os.environ, "DATABASE_URL": url},
                check=True,
            )
        p50 = p95 = raw95 = float("nan")
        if args.queries:  # --queries 0: the page throughput alone
            p50, p95, raw95 = measure_search(url, make_queries(args.queries))
            print(f"search view ({args.queries} queries): p50 {p50:.1f} ms, p95 {p95:.1f} ms")
            print(f"raw full-text query: p95 {raw95:.1f} ms")
        hello, page, cold, catalogue, search_cold = measure_throughput(
            url, args.size, args.seconds, args.clients
        )
    finally:
        if cluster is not None:
            cluster.remove()
    print(f"gunicorn 2 workers, {args.clients} clients: hello {hello:.0f} req/s, "
          f"item page {page:.0f} req/s (200 popular items), "
          f"uncached item page {cold:.0f} req/s ({cold / hello:.2f} of hello)")  # fmt: skip
    print(f"never-requested catalogue pages {catalogue:.0f} req/s "
          f"({catalogue / hello:.2f} of hello), search result pages {search_cold:.0f} req/s "
          f"({search_cold / hello:.2f})")  # fmt: skip
    print(f"search_p95_ms={p95:.1f} raw_p95_ms={raw95:.1f} page_vs_hello={page / hello:.2f} "
          f"cold_vs_hello={cold / hello:.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
