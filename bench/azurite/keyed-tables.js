// A key index for Azurite's in-memory Table store, loaded into the emulator's process by the benchmarks' close and
// memory runs only (`NODE_OPTIONS=--require bench/azurite/keyed-tables.js`, set by Closing/KeyedAzurite.cs), and
// checked against a plain Azurite by tests/Metering.Storage.Tests/Support/KeyedTablesPreloadTests.cs.
//
// Why: Azurite 3.x keeps a table in a LokiJS collection and answers every page of a query by filtering the whole
// table with its OData interpreter and sorting every match, so reading a table of N rows page by page costs N²/1000
// row evaluations (a million-unit close would spend hours in the emulator); its binary indices are kept by splicing
// arrays, so each insert of a large table moves megabytes. Real Table Storage serves both from its key index.
//
// What changes: where the rows are found, never which rows, their order, the page size or the continuation.
// - Entity collections are created without LokiJS binary indices; a Map from (PartitionKey, RowKey) to the stored
//   document answers the point lookups Azurite makes with findOne({ RowKey, PartitionKey }).
// - A query page walks the keys in Azurite's own order (PartitionKey, then RowKey, by UTF-16 code units, as its
//   comparator sorts them), from the continuation, evaluating Azurite's own filter function on each row, until it
//   has the page size plus one: the rows Azurite's filter-then-sort-then-limit gives. When the filter is a
//   conjunction that bounds PartitionKey (eq, gt, ge, lt, le against a string), the walk starts at the lower bound
//   and stops past the upper one: a row outside the bounds fails the filter anyway.
// - Keys are sorted again only when a key that was not there before is inserted (a replace is a remove and an
//   insert of the same key and changes no order); a removed key is skipped while walking.
"use strict";

const path = require("path");

const persistence = path.resolve(path.dirname(process.argv[1]), "table", "persistence");
const Store = require(path.join(persistence, "LokiTableMetadataStore.js")).default;
const QueryGenerator = require(path.join(persistence, "LokiTableStoreQueryGenerator.js")).default;
const parseQuery = require(path.join(persistence, "QueryInterpreter", "QueryParser.js")).default;

// Fail loudly if another Azurite no longer has what this file replaces: silently unpatched, the benchmark would
// measure the plain emulator and the preload test would compare it with itself.
for (const name of ["createCollectionForTable", "getEntityCollection", "queryTableEntities", "getTableCollectionName",
  "getMaxResultsOption", "decodeContinuationHeader", "adjustQueryResultforTop"]) {
  if (typeof Store.prototype[name] !== "function") {
    throw new Error(`keyed-tables.js: Azurite's LokiTableMetadataStore has no ${name}; this preload fits Azurite 3.37.`);
  }
}

if (typeof QueryGenerator.generateQueryForPersistenceLayer !== "function" || typeof parseQuery !== "function") {
  throw new Error("keyed-tables.js: Azurite's table query generator or parser moved; this preload fits Azurite 3.37.");
}

// Table keys hold no control characters, so NUL separates the two keys and a plain string order of the joined key
// is Azurite's (PartitionKey, RowKey) order.
const keyOf = (partitionKey, rowKey) => partitionKey + "\u0000" + rowKey;

function keyed(collection) {
  if (collection.__keyed) {
    return collection.__keyed;
  }

  const index = { docs: new Map(), sorted: [], inSorted: new Set(), dirty: true };
  for (const doc of collection.data) {
    index.docs.set(keyOf(doc.PartitionKey, doc.RowKey), doc);
  }

  const insert = collection.insert;
  collection.insert = function (doc, ...rest) {
    const stored = insert.call(this, doc, ...rest);
    for (const one of Array.isArray(stored) ? stored : [stored]) {
      if (one) {
        const key = keyOf(one.PartitionKey, one.RowKey);
        index.docs.set(key, one);
        if (!index.inSorted.has(key)) {
          index.dirty = true;
        }
      }
    }

    return stored;
  };

  const update = collection.update;
  collection.update = function (doc) {
    const result = update.call(this, doc);
    for (const one of Array.isArray(doc) ? doc : [doc]) {
      const stored = this.get(one.$loki);
      if (stored) {
        index.docs.set(keyOf(stored.PartitionKey, stored.RowKey), stored);
      }
    }

    return result;
  };

  const remove = collection.remove;
  collection.remove = function (doc) {
    for (const given of Array.isArray(doc) ? doc : [doc]) {
      const one = typeof given === "number" ? this.get(given) : given;
      if (!one) {
        continue;
      }

      const key = keyOf(one.PartitionKey, one.RowKey);
      if (index.docs.get(key) === one || (one.$loki !== undefined && index.docs.get(key)?.$loki === one.$loki)) {
        index.docs.delete(key);
      }
    }

    return remove.call(this, doc);
  };

  const findOne = collection.findOne;
  collection.findOne = function (query) {
    const names = query ? Object.keys(query) : [];
    if (names.length === 2 && typeof query.PartitionKey === "string" && typeof query.RowKey === "string") {
      return index.docs.get(keyOf(query.PartitionKey, query.RowKey)) ?? null;
    }

    return findOne.call(this, query);
  };

  collection.__keyed = index;
  return index;
}

function sortedKeys(index) {
  if (index.dirty) {
    index.sorted = Array.from(index.docs.keys()).sort();
    index.inSorted = new Set(index.sorted);
    index.dirty = false;
  }

  return index.sorted;
}

// The first position whose key is not below the given one.
function lowerBound(keys, key) {
  let low = 0;
  let high = keys.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (keys[middle] < key) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }

  return low;
}

// PartitionKey bounds implied by a filter that is a conjunction: { low, lowOpen, high, highOpen }, each optional.
function partitionBounds(filter) {
  const bounds = {};
  if (filter === undefined || filter === "" || filter === "true") {
    return bounds;
  }

  const visit = (node) => {
    const name = node.name;
    if (name === "and") {
      visit(node.left);
      visit(node.right);
      return;
    }

    if (!["eq", "gt", "ge", "lt", "le"].includes(name) || !node.left || !node.right) {
      return;
    }

    let identifier = node.left;
    let constant = node.right;
    let operator = name;
    if (identifier.name !== "id") {
      [identifier, constant] = [constant, identifier];
      operator = { eq: "eq", gt: "lt", ge: "le", lt: "gt", le: "ge" }[name];
    }

    if (identifier.name !== "id" || identifier.identifier !== "PartitionKey" || constant.name !== "constant" ||
        typeof constant.value !== "string") {
      return;
    }

    const value = constant.value;
    if (operator === "eq" || operator === "gt" || operator === "ge") {
      if (bounds.low === undefined || value > bounds.low || (value === bounds.low && operator === "gt")) {
        bounds.low = value;
        bounds.lowOpen = operator === "gt";
      }
    }

    if (operator === "eq" || operator === "lt" || operator === "le") {
      if (bounds.high === undefined || value < bounds.high || (value === bounds.high && operator === "lt")) {
        bounds.high = value;
        bounds.highOpen = operator === "lt";
      }
    }
  };

  try {
    visit(parseQuery(filter));
  } catch {
    return {};
  }

  return bounds;
}

Store.prototype.createCollectionForTable = function (tableModel) {
  const name = this.getTableCollectionName(tableModel.account, tableModel.table);
  if (this.db.getCollection(name)) {
    this.db.removeCollection(name);
  }

  // No binary indices: the key index above answers lookups, and LokiJS keeps binary indices by splicing arrays.
  this.db.addCollection(name, {});
};

const getEntityCollection = Store.prototype.getEntityCollection;
Store.prototype.getEntityCollection = function (...args) {
  const collection = getEntityCollection.apply(this, args);
  keyed(collection);
  return collection;
};

Store.prototype.queryTableEntities = async function (context, account, table, queryOptions, nextPartitionKey, nextRowKey) {
  const collection = this.getEntityCollection(account, table, context);
  const index = keyed(collection);
  const where = QueryGenerator.generateQueryForPersistenceLayer(queryOptions, context);
  const maxResults = this.getMaxResultsOption(queryOptions);
  const continuationPartition = this.decodeContinuationHeader(nextPartitionKey);
  const continuationRow = this.decodeContinuationHeader(nextRowKey);
  const bounds = partitionBounds(queryOptions.filter);
  const keys = sortedKeys(index);

  let position = 0;
  if (continuationPartition !== undefined) {
    position = lowerBound(keys, keyOf(continuationPartition, continuationRow ?? ""));
  }

  if (bounds.low !== undefined) {
    // A key of the partition sorts after the bare partition and its separator; an open bound starts past every key
    // of that partition (the separator is the lowest character, so "\u0001" follows all of them).
    const start = lowerBound(keys, bounds.lowOpen ? bounds.low + "\u0001" : keyOf(bounds.low, ""));
    position = Math.max(position, start);
  }

  const result = [];
  for (; position < keys.length && result.length < maxResults + 1; position++) {
    const doc = index.docs.get(keys[position]);
    if (doc === undefined) {
      continue;
    }

    if (bounds.high !== undefined &&
        (doc.PartitionKey > bounds.high || (bounds.highOpen && doc.PartitionKey === bounds.high))) {
      break;
    }

    if (where(doc)) {
      result.push(doc);
    }
  }

  const response = this.adjustQueryResultforTop(result, maxResults);
  return [result, response.nextPartitionKeyResponse, response.nextRowKeyResponse];
};
