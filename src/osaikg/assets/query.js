// The query page of `osaikg serve`: sends the query to /sparql and shows the answer as a table.
// Hand-written, no library: the page works offline and loads nothing from elsewhere.
"use strict";
(function () {
  const ID = "https://w3id.org/osaikg/id/";
  const form = document.getElementById("form");
  const query = document.getElementById("query");
  const examples = document.getElementById("examples");
  const status = document.getElementById("status");
  const results = document.getElementById("results");

  function say(text, isError) {
    status.textContent = text;
    status.className = isError ? "error" : "";
  }

  // An RDF term as a person reads it: our resources link to their pages (served at /id/...).
  function cell(term) {
    const td = document.createElement("td");
    if (!term) return td;
    if (term.type === "uri") {
      const a = document.createElement("a");
      if (term.value.startsWith(ID)) {
        a.href = "id/" + term.value.slice(ID.length);
      } else {
        a.href = term.value;
        a.className = "external";
      }
      a.textContent = term.value;
      td.appendChild(a);
    } else {
      td.textContent = term.value;
      if (term["xml:lang"]) td.title = "@" + term["xml:lang"];
      else if (term.datatype) td.title = term.datatype;
    }
    return td;
  }

  function table(data) {
    const vars = data.head.vars || [];
    const rows = data.results.bindings;
    const t = document.createElement("table");
    const head = t.createTHead().insertRow();
    for (const v of vars) {
      const th = document.createElement("th");
      th.textContent = v;
      head.appendChild(th);
    }
    const body = t.createTBody();
    for (const row of rows) {
      const tr = body.insertRow();
      for (const v of vars) tr.appendChild(cell(row[v]));
    }
    results.replaceChildren(t);
    return rows.length;
  }

  async function run() {
    say("Running…", false);
    results.replaceChildren();
    const started = performance.now();
    let response, text;
    try {
      response = await fetch("sparql", {
        method: "POST",
        headers: {
          "Content-Type": "application/sparql-query",
          "Accept": "application/sparql-results+json, text/turtle;q=0.9",
        },
        body: query.value,
      });
      text = await response.text();
    } catch (err) {
      say("The endpoint did not answer: " + err, true);
      return;
    }
    const ms = Math.round(performance.now() - started);
    if (!response.ok) {
      say("Error " + response.status + ": " + text.trim(), true);
      return;
    }
    const type = response.headers.get("Content-Type") || "";
    if (type.includes("json")) {
      const data = JSON.parse(text);
      if ("boolean" in data) {
        say("Answer: " + (data.boolean ? "yes" : "no") + " (" + ms + " ms)", false);
      } else {
        const n = table(data);
        say(n + (n === 1 ? " row" : " rows") + " in " + ms + " ms", false);
      }
    } else {
      const pre = document.createElement("pre");
      pre.textContent = text;
      results.replaceChildren(pre);
      say("Graph result in " + ms + " ms", false);
    }
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    run();
  });
  examples.addEventListener("change", function () {
    if (examples.value) query.value = examples.value;
  });
  // A link can carry a query: /sparql#query=... fills the box and runs it.
  if (location.hash.startsWith("#query=")) {
    query.value = decodeURIComponent(location.hash.slice("#query=".length));
    run();
  }
})();
