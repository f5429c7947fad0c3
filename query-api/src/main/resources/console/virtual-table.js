// A table that stays smooth at 40K rows: fixed row height, only the rows in view (plus a few) exist as elements,
// positioned inside a spacer as tall as all rows. Columns: {key, label, width, render(row) -> text | Node,
// className(row), sortable, sortValue(row)}. Rows are plain objects; a row is identified by rowKey(row).
// Updating rows re-renders only those in view. Keyboard: arrows move the selection, Enter opens it.

const OVERSCAN = 8;

export class VirtualTable {
  /**
   * options: {columns, rowKey (row => key, default row.name), rowHeight (px, default 26), onOpen(row),
   * onSelect(row), rowClass(row), empty (text when no rows), footer (rows => text)}
   */
  constructor(container, options) {
    this.options = { rowHeight: 26, rowKey: (row) => row.name, empty: 'nothing to show', ...options };
    this.columns = options.columns;
    this.all = [];
    this.view = [];
    this.filter = null;
    this.sort = null; // {key, dir: 1 | -1}
    this.selected = null;
    this.rendered = new Map(); // row index -> element
    this.pool = [];
    this.frame = 0;
    this.build(container);
  }

  build(container) {
    const template = this.columns.map((c) => c.width || 'minmax(80px, 1fr)').join(' ');
    this.root = document.createElement('div');
    this.root.className = 'vt';
    this.head = document.createElement('div');
    this.head.className = 'vt-head';
    this.head.style.gridTemplateColumns = template;
    for (const column of this.columns) {
      const cell = document.createElement('div');
      cell.textContent = column.label;
      cell.dataset.key = column.key;
      if (column.sortable) {
        cell.classList.add('sortable');
        cell.addEventListener('click', () => this.sortBy(column.key));
      }
      this.head.append(cell);
    }
    this.body = document.createElement('div');
    this.body.className = 'vt-body';
    this.body.tabIndex = 0;
    this.spacer = document.createElement('div');
    this.spacer.className = 'vt-spacer';
    this.emptyNote = document.createElement('div');
    this.emptyNote.className = 'vt-empty';
    this.body.append(this.spacer, this.emptyNote);
    this.foot = document.createElement('div');
    this.foot.className = 'vt-foot';
    this.root.append(this.head, this.body, this.foot);
    container.append(this.root);
    this.template = template;
    this.onScroll = () => this.schedule();
    this.body.addEventListener('scroll', this.onScroll, { passive: true });
    this.body.addEventListener('click', (event) => this.clicked(event, false));
    this.body.addEventListener('dblclick', (event) => this.clicked(event, true));
    this.body.addEventListener('keydown', (event) => this.key(event));
    this.resizeObserver = new ResizeObserver(() => this.schedule());
    this.resizeObserver.observe(this.body);
  }

  /** Replaces every row (keeps sort, filter and, if still there, the selection). */
  setRows(rows) {
    this.all = rows;
    this.recompute();
  }

  /** Shows only the rows for which predicate(row) is true (null: all). */
  setFilter(predicate) {
    this.filter = predicate;
    this.recompute();
  }

  /** Sorts by a column (again: reverses). dir: 1 ascending, -1 descending. */
  sortBy(key, dir) {
    const same = this.sort && this.sort.key === key;
    this.sort = { key, dir: dir || (same ? -this.sort.dir : 1) };
    for (const cell of this.head.children) {
      cell.classList.toggle('sorted-asc', cell.dataset.key === key && this.sort.dir === 1);
      cell.classList.toggle('sorted-desc', cell.dataset.key === key && this.sort.dir === -1);
    }
    this.recompute();
  }

  /** The rows as shown (filtered and sorted). */
  get rows() {
    return this.view;
  }

  /**
   * The rows whose keys are in `keys` (a Set or Map) changed in place: re-renders those in view. Sorting and
   * filtering are not redone (rows would jump under the pointer); call recompute() for that.
   */
  rowsChanged(keys) {
    for (const [index, element] of this.rendered) {
      const row = this.view[index];
      if (row && keys.has(this.options.rowKey(row))) this.fill(element, row, index);
    }
  }

  /** Filters, sorts and renders again. */
  recompute() {
    let view = this.filter ? this.all.filter(this.filter) : this.all.slice();
    if (this.sort) {
      const column = this.columns.find((c) => c.key === this.sort.key);
      const value = (column && column.sortValue) || ((row) => row[this.sort.key]);
      const dir = this.sort.dir;
      view = view.map((row) => [value(row), row]).sort((a, b) => compareDirected(a[0], b[0], dir))
        .map((pair) => pair[1]);
    }
    this.view = view;
    this.spacer.style.height = view.length * this.options.rowHeight + 'px';
    this.emptyNote.textContent = view.length ? '' : this.options.empty;
    this.foot.textContent = this.options.footer ? this.options.footer(view, this.all)
      : `${view.length.toLocaleString('en-US')} of ${this.all.length.toLocaleString('en-US')} rows`;
    for (const element of this.rendered.values()) this.release(element);
    this.rendered.clear();
    this.render();
  }

  schedule() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  render() {
    const height = this.options.rowHeight;
    const first = Math.max(0, Math.floor(this.body.scrollTop / height) - OVERSCAN);
    const last = Math.min(this.view.length, Math.ceil((this.body.scrollTop + this.body.clientHeight) / height) + OVERSCAN);
    for (const [index, element] of this.rendered) {
      if (index < first || index >= last) {
        this.release(element);
        this.rendered.delete(index);
      }
    }
    for (let index = first; index < last; index++) {
      if (this.rendered.has(index)) continue;
      const element = this.pool.pop() || this.newRow();
      element.style.transform = `translateY(${index * height}px)`;
      this.fill(element, this.view[index], index);
      this.body.append(element);
      this.rendered.set(index, element);
    }
  }

  newRow() {
    const element = document.createElement('div');
    element.className = 'vt-row';
    element.style.gridTemplateColumns = this.template;
    element.style.height = this.options.rowHeight + 'px';
    for (let i = 0; i < this.columns.length; i++) element.append(document.createElement('div'));
    return element;
  }

  release(element) {
    element.remove();
    this.pool.push(element);
  }

  fill(element, row, index) {
    element.dataset.index = index;
    const key = this.options.rowKey(row);
    element.dataset.key = key;
    element.className = 'vt-row' + (this.selected === key ? ' selected' : '')
      + (this.options.rowClass ? ' ' + (this.options.rowClass(row) || '') : '');
    for (let i = 0; i < this.columns.length; i++) {
      const column = this.columns[i];
      const cell = element.children[i];
      const content = column.render ? column.render(row) : row[column.key];
      if (content instanceof Node) cell.replaceChildren(content);
      else cell.textContent = content === null || content === undefined ? '' : String(content);
      cell.className = column.className ? column.className(row) || '' : '';
      cell.title = typeof content === 'string' ? content : '';
    }
  }

  clicked(event, open) {
    const element = event.target.closest('.vt-row');
    if (!element) return;
    const row = this.view[Number(element.dataset.index)];
    this.select(row);
    if (open && this.options.onOpen) this.options.onOpen(row);
  }

  select(row) {
    this.selected = row ? this.options.rowKey(row) : null;
    for (const element of this.rendered.values()) {
      element.classList.toggle('selected', element.dataset.key === this.selected);
    }
    if (row && this.options.onSelect) this.options.onSelect(row);
  }

  key(event) {
    const index = this.view.findIndex((row) => this.options.rowKey(row) === this.selected);
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const next = Math.max(0, Math.min(this.view.length - 1, index + (event.key === 'ArrowDown' ? 1 : -1)));
      this.select(this.view[next]);
      this.scrollTo(next);
    } else if (event.key === 'Enter' && index >= 0 && this.options.onOpen) {
      event.preventDefault();
      this.options.onOpen(this.view[index]);
    }
  }

  /** Scrolls so that row `index` is in view. */
  scrollTo(index) {
    const height = this.options.rowHeight;
    const top = index * height;
    if (top < this.body.scrollTop) this.body.scrollTop = top;
    else if (top + height > this.body.scrollTop + this.body.clientHeight) {
      this.body.scrollTop = top + height - this.body.clientHeight;
    }
    this.schedule();
  }

  focus() {
    this.body.focus();
  }

  destroy() {
    cancelAnimationFrame(this.frame);
    this.resizeObserver.disconnect();
    this.root.remove();
  }
}

/** Numbers by value, strings by locale; nulls last. */
export function compare(a, b) {
  return compareDirected(a, b, 1);
}

/** As compare, in direction dir (1 or -1), with nulls last either way: an empty cell is never the most interesting. */
export function compareDirected(a, b, dir) {
  const aNull = a === null || a === undefined || Number.isNaN(a);
  const bNull = b === null || b === undefined || Number.isNaN(b);
  if (aNull || bNull) return aNull === bNull ? 0 : aNull ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return dir * (a - b);
  return dir * String(a).localeCompare(String(b), 'en', { numeric: true });
}
