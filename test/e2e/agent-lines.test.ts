import { fillPlaceholders, parseAgentLine, Tail, unknownPlaceholders } from '../../src/cli/agent-lines';

describe('agent stdout protocol', () => {
  it('reads reports and final values, and leaves other lines alone', () => {
    expect(parseAgentLine('baytune: {"step": 3, "value": 0.41}')).toEqual({ kind: 'report', step: 3, value: 0.41 });
    expect(parseAgentLine('  baytune:{"value": -2}  ')).toEqual({ kind: 'final', value: -2 });
    expect(parseAgentLine('epoch 3 loss 0.41')).toBeNull();
    expect(parseAgentLine('baytune: {"values": {"val_loss": 0.2, "constructor": 31}}')).toEqual({ kind: 'final', values: new Map([['val_loss', 0.2], ['constructor', 31]]) });
    expect(parseAgentLine('baytune: {"value": 1, "values": {"size": 2}}')).toEqual({ kind: 'final', value: 1, values: new Map([['size', 2]]) });
  });

  it('rejects malformed baytune lines instead of ignoring them', () => {
    expect(() => parseAgentLine('baytune: {"value": NaN}')).toThrow(/not JSON/);
    expect(() => parseAgentLine('baytune: {"value": 1e999}')).toThrow(/finite "value"/);
    expect(() => parseAgentLine('baytune: {"step": 1.5, "value": 1}')).toThrow(/non-negative integer/);
    expect(() => parseAgentLine('baytune: {"loss": 1}')).toThrow(/finite "value"/);
    expect(() => parseAgentLine('baytune: {"values": [1]}')).toThrow(/needs "values" as an object/);
    expect(() => parseAgentLine('baytune: {"values": {"size": "big"}}')).toThrow(/needs a finite number as "values.size"/);
  });

  it('fills placeholders, empty for inactive parameters, and finds unknown ones', () => {
    expect(fillPlaceholders(['--lr={lr}', '{optimizer}', '{momentum}', 'x'], { lr: 0.01, optimizer: 'adam' })).toEqual(['--lr=0.01', 'adam', '', 'x']);
    expect(unknownPlaceholders(['--lr={lr}', '{lr_typo}', '{n}'], ['lr', 'n'])).toEqual(['lr_typo']);
  });

  it('keeps only the tail of stderr', () => {
    const tail = new Tail(5);
    tail.push('abcdef');
    tail.push('gh');
    expect(tail.toString()).toBe('defgh');
  });
});
