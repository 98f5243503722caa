// The parameters drawn by the parallel coordinates and slice plots: picked by the user, never capped silently.
const DEFAULT_COUNT = 8;

/** Checkboxes, one per parameter of the study; `onChange(names)` runs with the picked names in space order. */
export class ParamPicker {
  constructor(doc, onChange) {
    this.box = doc.getElementById('param-picker');
    this.info = doc.getElementById('params-info');
    this.onChange = onChange;
    this.names = [];
    this.picked = new Set();
    this.studyId = null;
    doc.getElementById('params-all').addEventListener('click', () => this.set(this.names));
    doc.getElementById('params-important').addEventListener('click', () => this.set(this.ranked.slice(0, DEFAULT_COUNT)));
    this.ranked = [];
  }

  /** Shows the study's parameters; a new study starts with all of them, or the first 8 of many. */
  setStudy(study) {
    if (this.studyId === study.id) return;
    this.studyId = study.id;
    this.names = Object.keys(study.space);
    this.ranked = this.names;
    this.box.replaceChildren(...this.names.map((name) => {
      const label = document.createElement('label');
      const input = document.createElement('input');
      input.type = 'checkbox';
      input.value = name;
      input.addEventListener('change', () => this.toggle(name, input.checked));
      label.append(input, ` ${name}`);
      return label;
    }));
    this.set(this.names.slice(0, DEFAULT_COUNT), false);
  }

  /** Parameter names most important first, for the "8 most important" button. */
  setRanking(names) {
    this.ranked = names.length > 0 ? names : this.names;
  }

  selected() {
    return this.names.filter((name) => this.picked.has(name));
  }

  toggle(name, on) {
    if (on) this.picked.add(name);
    else this.picked.delete(name);
    this.changed(true);
  }

  set(names, notify = true) {
    this.picked = new Set(names);
    for (const input of this.box.querySelectorAll('input')) input.checked = this.picked.has(input.value);
    this.changed(notify);
  }

  changed(notify) {
    const shown = this.picked.size;
    this.info.textContent = `${shown} of ${this.names.length} parameters shown${shown < this.names.length ? ' (tick more to add them)' : ''}`;
    if (notify) this.onChange(this.selected());
  }
}
